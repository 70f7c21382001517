import Foundation
import OpenAPIRuntime
import Registry

/// The registry's JSON API: the handlers of the protocol generated from Docs/registry-openapi.yaml
/// (Sources/RegistryServer/Generated), on top of the store. A handler answers its success; every
/// refusal is thrown as a ``RegistryError`` and written by ``RegistryErrorMiddleware`` as the
/// document's `Error` with its 4xx (503 for the database), so no request gives a 500.
struct RegistryAPI: APIProtocol {
    let store: RegistryStore

    func publishBundle(_ input: Operations.PublishBundle.Input) async throws -> Operations.PublishBundle.Output {
        let limit = store.limits.maximumBundleBytes
        let tooLarge = RegistryError(.tooLarge, "the body is larger than the \(limit) bytes this registry accepts")
        var bytes = Data()
        switch input.body {
        case .any(let body):
            if case .known(let length) = body.length, length > Int64(limit) { throw tooLarge }
            do {
                for try await chunk in body {
                    guard bytes.count + chunk.count <= limit else { throw tooLarge }
                    bytes.append(contentsOf: chunk)
                }
            } catch let error as RegistryError {
                throw error
            } catch {
                throw RegistryError(.badRequest, "the body could not be read to its end")
            }
        }
        guard !bytes.isEmpty else {
            throw RegistryError(.badRequest, "the body is empty; POST the bundle's bytes (<id>.sigstore.json)")
        }
        let receipt = try await store.publish(bytes)
        return receipt.status == "accepted" ? .created(.init(body: .json(receipt))) : .ok(.init(body: .json(receipt)))
    }

    func listBundles(_ input: Operations.ListBundles.Input) async throws -> Operations.ListBundles.Output {
        let q = input.query
        let query = try Self.query(
            device: q.device, deviceClass: q.deviceClass, suiteID: q.suiteId, suiteVersion: q.suiteVersion, lab: q.lab,
            decision: q.decision, standardSHA256: q.standardSha256, finishedFrom: q.finishedFrom,
            finishedBefore: q.finishedBefore, before: q.before, limit: q.limit, limits: store.limits)
        return .ok(.init(body: .json(EntryListDocument(entries: try await store.entries(matching: query)))))
    }

    func getBundle(_ input: Operations.GetBundle.Input) async throws -> Operations.GetBundle.Output {
        let bytes = try await store.bundle(sha256: try Self.digest(input.path.sha256))
        return .ok(.init(body: .binary(HTTPBody(bytes))))
    }

    func getEntry(_ input: Operations.GetEntry.Input) async throws -> Operations.GetEntry.Output {
        let sha = try Self.digest(input.path.sha256)
        guard let entry = try await store.entry(sha256: sha) else {
            throw RegistryError(.notFound, "no bundle with SHA-256 \(sha) was published here")
        }
        return .ok(.init(body: .json(entry)))
    }

    func getTreeHead(_ input: Operations.GetTreeHead.Input) async throws -> Operations.GetTreeHead.Output {
        .ok(.init(body: .json(TreeHeadDocument(await store.treeHead()))))
    }

    func getKey(_ input: Operations.GetKey.Input) async throws -> Operations.GetKey.Output {
        .ok(.init(body: .json(.init(verifierKey: store.key.verifierKey, origin: store.key.name))))
    }

    func getInclusionProof(
        _ input: Operations.GetInclusionProof.Input
    ) async throws -> Operations.GetInclusionProof.Output {
        let sha = try Self.digest(input.path.sha256)
        let size = try Self.count(input.query.treeSize, "tree_size", minimum: 1)
        return .ok(.init(body: .json(try await store.inclusionProof(bundleSHA256: sha, treeSize: size))))
    }

    func getConsistencyProof(
        _ input: Operations.GetConsistencyProof.Input
    ) async throws -> Operations.GetConsistencyProof.Output {
        let from = try Self.count(input.query.from, "from", minimum: 1) ?? 0
        let to = try Self.count(input.query.to, "to", minimum: 1)
        return .ok(.init(body: .json(try await store.consistencyProof(from: from, to: to))))
    }

    func compare(_ input: Operations.Compare.Input) async throws -> Operations.Compare.Output {
        let q = input.query
        let query = try Self.query(
            device: q.device, deviceClass: q.deviceClass, suiteID: q.suiteId, suiteVersion: q.suiteVersion, lab: q.lab,
            decision: q.decision, limit: q.limit, limits: store.limits)
        let (entries, comparison) = try await store.comparison(matching: query)
        return .ok(.init(body: .json(ComparisonResult(entries: entries, comparison: comparison))))
    }

    /// A bundle's name: its SHA-256 as 64 hex digits, lower-cased.
    static func digest(_ text: String) throws(RegistryError) -> String {
        guard text.count == 64, text.allSatisfy({ $0.isHexDigit }) else {
            throw RegistryError(.badRequest, "a bundle is named by its SHA-256: 64 hex digits")
        }
        return text.lowercased()
    }

    /// A count from the query, refused below `minimum`.
    static func count(_ value: Int64?, _ name: String, minimum: Int64) throws(RegistryError) -> UInt64? {
        guard let value else { return nil }
        guard value >= minimum else {
            throw RegistryError(.badRequest, "?\(name)= must be a whole number of at least \(minimum), not \(value)")
        }
        return UInt64(value)
    }

    /// The store's query from the API's filters.
    static func query(
        device: String? = nil, deviceClass: String? = nil, suiteID: String? = nil, suiteVersion: String? = nil,
        lab: String? = nil, decision: String? = nil, standardSHA256: String? = nil, finishedFrom: String? = nil,
        finishedBefore: String? = nil, before: Int64? = nil, limit: Int? = nil, limits: RegistryLimits
    ) throws(RegistryError) -> RegistryQuery {
        var query = RegistryQuery()
        query.device = device
        query.deviceClass = deviceClass
        query.suiteID = suiteID
        query.suiteVersion = suiteVersion
        query.lab = lab
        query.decision = decision
        query.standardSHA256 = standardSHA256
        query.finishedFrom = finishedFrom
        query.finishedBefore = finishedBefore
        query.beforeLeafIndex = try count(before, "before", minimum: 0)
        if let limit {
            guard limit >= 1, limit <= limits.maximumListed else {
                throw RegistryError(.badRequest, "?limit= is 1 to \(limits.maximumListed)")
            }
            query.limit = limit
        }
        return query
    }
}
