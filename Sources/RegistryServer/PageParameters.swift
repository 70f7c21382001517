import Foundation
import Hummingbird

/// The query string of an HTML page's address read as a browser's form writes it
/// (`application/x-www-form-urlencoded`): `+` is a space, `%2B` a plus. A filter typed into a page's
/// form ("Lab C") arrives as `lab=Lab+C`; Hummingbird's own reading keeps the `+`, which would find
/// nothing. The JSON API reads its query the same way (swift-openapi-runtime decodes `+` as a space
/// in query parameters; Docs/registry-openapi.yaml says so), so one address means the same on both.
struct PageParameters {
    /// The pairs in their order, decoded.
    let pairs: [(name: String, value: String)]

    init(_ request: Request) { self.init(query: request.uri.query ?? "") }

    init(query: String) {
        pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, if given.
    func get(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// A form-encoded component decoded: `+` to a space first, then percent escapes (so `%2B` stays a
    /// plus); a malformed escape is kept as written.
    static func decode(_ component: Substring) -> String {
        let spaced = component.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
