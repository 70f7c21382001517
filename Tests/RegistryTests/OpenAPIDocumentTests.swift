import Foundation
import Hummingbird
import Registry
import RegistryServer
import TestSupport
import Testing
import Yams

/// Docs/registry-openapi.yaml describes exactly the API the server answers: every operation in the
/// document is a route, and every /api route is in the document.
@Suite struct OpenAPIDocumentTests {
    @Test func documentAndRoutesAgree() async throws {
        let text = try String(contentsOfFile: ProjectRoot.path + "/Docs/registry-openapi.yaml", encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in (operations as? [String: Any] ?? [:]).keys {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let fixture = try RegistryBundles.fixture()
        let opened = try await RegistryStoreTests.open(.sqlite, fixture: fixture)
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
