import Hummingbird
import Registry

/// The registry's HTML pages: front page, device page, clause leaderboard, comparison table.
enum RegistryPageRoutes {
    static func add(to router: Router<BasicRequestContext>, store: RegistryStore) {
        router.get("/") { _, _ in
            await RegistryRoutes.respond {
                var query = RegistryQuery()
                query.limit = 50
                let entries = try await store.entries(matching: query)
                return html(RegistryPages.index(entries: entries, treeHead: await store.treeHead().note))
            }
        }
        router.get("/devices") { request, _ in
            await RegistryRoutes.respond {
                guard let device = request.uri.queryParameters.get("device") else {
                    throw RegistryError(.badRequest, "give ?device=MANUFACTURER MODEL")
                }
                var query = RegistryQuery()
                query.device = device
                return html(RegistryPages.device(device, entries: try await store.entries(matching: query)))
            }
        }
        router.get("/leaderboard/:deviceClass") { request, context in
            await RegistryRoutes.respond {
                guard let clause = request.uri.queryParameters.get("clause") else {
                    throw RegistryError(
                        .badRequest, "give ?clause=CLAUSE-ID (and suite_id, suite_version to compare like with like)")
                }
                var query = try RegistryRoutes.query(request, limit: store.limits)
                query.deviceClass = context.parameters.get("deviceClass")
                let (entries, comparison) = try await store.comparison(matching: query)
                return html(
                    RegistryPages.leaderboard(
                        deviceClass: query.deviceClass ?? "", clause: clause, entries: entries, comparison: comparison))
            }
        }
        router.get("/compare") { request, _ in
            await RegistryRoutes.respond {
                let (_, comparison) = try await store.comparison(
                    matching: try RegistryRoutes.query(request, limit: store.limits))
                return html(RegistryPages.comparison(comparison))
            }
        }
    }

    /// The page (its policy is in its own `<meta http-equiv="Content-Security-Policy">`).
    static func html(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
