import Hummingbird
import Registry

/// The registry's HTML pages: front page, device page, clause leaderboard, comparison table. They
/// are not part of the JSON API (Docs/registry-openapi.yaml); they read the same store.
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
                var query = try comparisonQuery(request, store: store, also: ["clause"])
                query.deviceClass = context.parameters.get("deviceClass")
                let (entries, comparison) = try await store.comparison(matching: query)
                return html(
                    RegistryPages.leaderboard(
                        deviceClass: query.deviceClass ?? "", clause: clause, entries: entries, comparison: comparison))
            }
        }
        router.get("/compare") { request, _ in
            await RegistryRoutes.respond {
                let (_, comparison) = try await store.comparison(matching: try comparisonQuery(request, store: store))
                return html(RegistryPages.comparison(comparison))
            }
        }
    }

    /// The filters of `GET /api/v1/compare` from a page's address (plus the page's own `also`);
    /// an unknown one is refused, as the API refuses it.
    static func comparisonQuery(
        _ request: Request, store: RegistryStore, also: Set<String> = []
    ) throws(RegistryError) -> RegistryQuery {
        let parameters = request.uri.queryParameters
        let known = (RegistryErrorMiddleware.queryParameters["compare"] ?? []).union(also)
        for (key, _) in parameters where !known.contains(String(key)) {
            throw RegistryError(
                .badRequest, "unknown filter ?\(key.prefix(40))=; known: \(known.sorted().joined(separator: ", "))")
        }
        var limit: Int?
        if let text = parameters.get("limit") {
            guard let value = Int(text) else {
                throw RegistryError(.badRequest, "?limit= must be a whole number, not \"\(text.prefix(40))\"")
            }
            limit = value
        }
        return try RegistryAPI.query(
            device: parameters.get("device"), deviceClass: parameters.get("device_class"),
            suiteID: parameters.get("suite_id"), suiteVersion: parameters.get("suite_version"),
            lab: parameters.get("lab"), decision: parameters.get("decision"), limit: limit, limits: store.limits)
    }

    /// The page (its policy is in its own `<meta http-equiv="Content-Security-Policy">`).
    static func html(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
