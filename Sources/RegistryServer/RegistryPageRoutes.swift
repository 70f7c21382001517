import Hummingbird
import Registry

/// The registry's HTML pages: front page, device page, clause leaderboard, comparison table. They
/// are not part of the JSON API (Docs/registry-openapi.yaml); they read the same store.
enum RegistryPageRoutes {
    static func add(to router: Router<BasicRequestContext>, store: RegistryStore) {
        router.get("/") { request, _ in
            await RegistryRoutes.respond {
                let parameters = PageParameters(request)
                var query = try comparisonQuery(parameters, store: store)
                if parameters.get("limit") == nil { query.limit = 50 }
                let entries = try await store.entries(matching: query)
                let filters = RegistryPages.listingFilters.compactMap { name in
                    parameters.get(name).flatMap { $0.isEmpty ? nil : (name, $0) }
                }
                return html(
                    RegistryPages.index(
                        entries: entries, suites: try await store.publishedSuites(),
                        treeHead: await store.treeHead().note, filters: filters))
            }
        }
        router.get("/devices") { request, _ in
            await RegistryRoutes.respond {
                guard let device = PageParameters(request).get("device") else {
                    throw RegistryError(.badRequest, "give ?device=MANUFACTURER MODEL")
                }
                var query = RegistryQuery()
                query.device = device
                return html(RegistryPages.device(device, entries: try await store.entries(matching: query)))
            }
        }
        router.get("/leaderboard/:deviceClass") { request, context in
            await RegistryRoutes.respond {
                let parameters = PageParameters(request)
                var query = try comparisonQuery(parameters, store: store, also: ["clause"])
                query.deviceClass = context.parameters.get("deviceClass")
                let (entries, comparison) = try await store.comparison(matching: query)
                guard let clause = parameters.get("clause"), !clause.isEmpty else {
                    // No clause chosen: the clauses there are, each linked to its leaderboard.
                    return html(
                        RegistryPages.leaderboards(
                            deviceClass: query.deviceClass ?? "", suiteID: query.suiteID,
                            suiteVersion: query.suiteVersion, comparison: comparison))
                }
                return html(
                    RegistryPages.leaderboard(
                        deviceClass: query.deviceClass ?? "", clause: clause, entries: entries, comparison: comparison))
            }
        }
        router.get("/compare") { request, _ in
            await RegistryRoutes.respond {
                let (entries, comparison) = try await store.comparison(
                    matching: try comparisonQuery(PageParameters(request), store: store))
                return html(RegistryPages.comparison(comparison, entries: entries))
            }
        }
    }

    /// The filters of `GET /api/v1/compare` from a page's address (plus the page's own `also`);
    /// an unknown one is refused, as the API refuses it.
    static func comparisonQuery(
        _ parameters: PageParameters, store: RegistryStore, also: Set<String> = []
    ) throws(RegistryError) -> RegistryQuery {
        try refuseUnknown(parameters, known: (RegistryErrorMiddleware.queryParameters["compare"] ?? []).union(also))
        var limit: Int?
        if let text = parameters.get("limit") {
            guard let value = Int(text) else {
                throw RegistryError(.badRequest, "?limit= must be a whole number, not \"\(text.prefix(40))\"")
            }
            limit = value
        }
        // A form sends its empty fields too (`lab=`): an empty filter is no filter.
        func filter(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        return try RegistryAPI.query(
            device: filter("device"), deviceClass: filter("device_class"), suiteID: filter("suite_id"),
            suiteVersion: filter("suite_version"), lab: filter("lab"), decision: filter("decision"), limit: limit,
            limits: store.limits)
    }

    /// Refuses a parameter the page does not know: a misspelt filter must not silently list everything.
    static func refuseUnknown(_ parameters: PageParameters, known: Set<String>) throws(RegistryError) {
        for (name, _) in parameters.pairs where !known.contains(name) {
            throw RegistryError(
                .badRequest, "unknown filter ?\(name.prefix(40))=; known: \(known.sorted().joined(separator: ", "))")
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
