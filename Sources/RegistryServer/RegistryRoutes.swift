import Desk
import Foundation
import Hummingbird
import Registry
import Transparency

/// The registry's HTTP API (Docs/registry.md, Docs/registry-openapi.yaml) and pages. Every refusal
/// is a 4xx (or 503 for the database) with `{"error": sentence}`; no handler lets an error escape
/// to become a 500.
public enum RegistryRoutes {
    /// A router for `store`.
    public static func router(store: RegistryStore) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/api/v1/bundles") { request, _ in
            await respond {
                var request = request
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: store.limits.maximumBundleBytes)
                } catch {
                    throw RegistryError(
                        .tooLarge,
                        "the body is larger than the \(store.limits.maximumBundleBytes) bytes this registry accepts")
                }
                guard body.readableBytes > 0 else {
                    throw RegistryError(.badRequest, "the body is empty; POST the bundle's bytes (<id>.sigstore.json)")
                }
                let receipt = try await store.publish(Data(body.readableBytesView))
                return try json(receipt, status: receipt.status == "accepted" ? .created : .ok)
            }
        }
        router.get("/api/v1/bundles") { request, _ in
            await respond {
                try json(EntryList(entries: try await store.entries(matching: try query(request, limit: store.limits))))
            }
        }
        router.get("/api/v1/bundles/:sha256") { _, context in
            await respond {
                let sha = try digest(context.parameters.get("sha256"))
                let bytes = try await store.bundle(sha256: sha)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
        router.get("/api/v1/entries/:sha256") { _, context in
            await respond {
                let sha = try digest(context.parameters.get("sha256"))
                guard let entry = try await store.entry(sha256: sha) else {
                    throw RegistryError(.notFound, "no bundle with SHA-256 \(sha) was published here")
                }
                return try json(entry)
            }
        }
        router.get("/api/v1/tree-head") { _, _ in
            await respond {
                let head = await store.treeHead()
                return try json(TreeHeadDocument(head))
            }
        }
        router.get("/api/v1/key") { _, _ in
            await respond { try json(["verifier_key": store.key.verifierKey, "origin": store.key.name]) }
        }
        router.get("/api/v1/proofs/inclusion/:sha256") { request, context in
            await respond {
                let sha = try digest(context.parameters.get("sha256"))
                return try json(
                    try await store.inclusionProof(bundleSHA256: sha, treeSize: try number(request, "tree_size")))
            }
        }
        router.get("/api/v1/proofs/consistency") { request, _ in
            await respond {
                guard let from = try number(request, "from") else {
                    throw RegistryError(.badRequest, "give ?from=SIZE, the tree size of the head you hold")
                }
                return try json(try await store.consistencyProof(from: from, to: try number(request, "to")))
            }
        }
        router.get("/api/v1/compare") { request, _ in
            await respond {
                let (entries, comparison) = try await store.comparison(
                    matching: try query(request, limit: store.limits))
                return try json(ComparisonResult(entries: entries, comparison: comparison))
            }
        }
        RegistryPageRoutes.add(to: router, store: store)
        return router
    }

    /// Runs a handler, turning every refusal into its status and sentence.
    static func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as RegistryError {
            return failure(error)
        } catch {
            return failure(
                RegistryError(.badRequest, "the request could not be handled: \(String(describing: error).prefix(200))")
            )
        }
    }

    static func failure(_ error: RegistryError) -> Response {
        let status: HTTPResponse.Status
        switch error.kind {
        case .badRequest: status = .badRequest
        case .rejected: status = .unprocessableContent
        case .notFound: status = .notFound
        case .tooLarge: status = .contentTooLarge
        case .inconsistent: status = .conflict
        case .unavailable: status = .serviceUnavailable
        }
        return
            (try? json(
                ErrorDocument(error: error.reason, step: error.step?.number, stepName: error.step?.name), status: status
            ))
            ?? Response(status: status)
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func digest(_ text: String?) throws(RegistryError) -> String {
        guard let text, text.count == 64, text.allSatisfy({ $0.isHexDigit }) else {
            throw RegistryError(.badRequest, "a bundle is named by its SHA-256: 64 hex digits")
        }
        return text.lowercased()
    }

    static func number(_ request: Request, _ name: String) throws(RegistryError) -> UInt64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = UInt64(text) else {
            throw RegistryError(.badRequest, "?\(name)= must be a whole number, not \"\(text.prefix(40))\"")
        }
        return value
    }

    static func query(_ request: Request, limit limits: RegistryLimits) throws(RegistryError) -> RegistryQuery {
        let parameters = request.uri.queryParameters
        var query = RegistryQuery()
        let known: Set<String> = [
            "device", "device_class", "suite_id", "suite_version", "lab", "decision", "standard_sha256",
            "finished_from",
            "finished_before", "before", "limit", "clause",
        ]
        for (key, _) in parameters where !known.contains(String(key)) {
            throw RegistryError(
                .badRequest, "unknown filter ?\(key.prefix(40))=; known: \(known.sorted().joined(separator: ", "))")
        }
        query.device = parameters.get("device")
        query.deviceClass = parameters.get("device_class")
        query.suiteID = parameters.get("suite_id")
        query.suiteVersion = parameters.get("suite_version")
        query.lab = parameters.get("lab")
        query.decision = parameters.get("decision")
        query.standardSHA256 = parameters.get("standard_sha256")
        query.finishedFrom = parameters.get("finished_from")
        query.finishedBefore = parameters.get("finished_before")
        query.beforeLeafIndex = try number(request, "before")
        if let limit = try number(request, "limit") {
            guard limit >= 1, limit <= UInt64(limits.maximumListed) else {
                throw RegistryError(.badRequest, "?limit= is 1 to \(limits.maximumListed)")
            }
            query.limit = Int(limit)
        }
        return query
    }
}
