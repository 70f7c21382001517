import Foundation

/// A compiled `pattern` of a report schema. `NSRegularExpression` is immutable once made and its
/// matching is safe from several threads (Foundation documents it so), hence the unchecked
/// `Sendable`.
final class NSRegularExpressionBox: @unchecked Sendable {
    private let expression: NSRegularExpression

    /// `nil` when the pattern does not compile (the full walk then reports the value as not matching).
    init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        self.expression = expression
    }

    /// Whether the pattern matches anywhere in `text`, as `range(of:options: .regularExpression)` finds it.
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
