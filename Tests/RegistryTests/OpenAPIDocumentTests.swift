import Foundation
import Hummingbird
import Registry
import TestSupport
import Testing
import Yams

@testable import RegistryServer

/// Docs/registry-openapi.yaml describes exactly the API the server answers: every operation in the
/// document is a route, and every /api route is in the document (the routes are registered by the
/// code generated from the document; Tools/registry/regenerate-openapi.sh checks that the committed
/// code is what the document generates).
@Suite struct OpenAPIDocumentTests {
    static func document() throws -> [String: Any] {
        let text = try String(contentsOfFile: ProjectRoot.path + "/Docs/registry-openapi.yaml", encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// The filters the server accepts for the listing and the comparison are the document's query
    /// parameters of those operations: an unknown one is refused, and none the document names is.
    @Test func filtersAreTheDocuments() throws {
        let document = try Self.document()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let components = try #require(
            (document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]])
        var documented: [String: Set<String>] = [:]
        for operations in paths.values {
            for case let operation as [String: Any] in operations.values {
                guard let id = operation["operationId"] as? String else { continue }
                var names: Set<String> = []
                for case let parameter as [String: Any] in operation["parameters"] as? [Any] ?? [] {
                    let resolved =
                        (parameter["$ref"] as? String).flatMap { components[String($0.split(separator: "/").last!)] }
                        ?? parameter
                    if resolved["in"] as? String == "query", let name = resolved["name"] as? String {
                        names.insert(name)
                    }
                }
                documented[id] = names
            }
        }
        for (operation, filters) in RegistryErrorMiddleware.queryParameters {
            #expect(documented[operation] == filters, "\(operation)")
        }
        #expect(Set(RegistryErrorMiddleware.queryParameters.keys) == ["listBundles", "compare"])
    }

    @Test func documentAndRoutesAgree() async throws {
        let document = try Self.document()
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in (operations as? [String: Any] ?? [:]).keys {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(.sqlite, fixture: fixture)
        let router = RegistryRoutes.router(store: opened.store)
        defer { Task { await opened.database.close() } }
        let served = Set(
            router.routes.map { route in
                let path = route.path.description.split(separator: "/").map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }
                return "\(route.method) /" + path.joined(separator: "/")
            }.filter { $0.contains(" /api/") })
        #expect(
            documented == served,
            "only in the document: \(documented.subtracting(served)); only served: \(served.subtracting(documented))")
    }
}
