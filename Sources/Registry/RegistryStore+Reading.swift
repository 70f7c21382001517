import Attestation
import Foundation
import SQLKit
import Transparency

extension RegistryStore {
    static let entryColumns = ["leaf_index", "bundle_sha256", "received_at", "previous_leaf_index", "index_json"]

    /// The newest signed tree head.
    public func treeHead() async -> SignedTreeHead { await state.head }

    /// The entry for a bundle's SHA-256, if published.
    public func entry(sha256: String) async throws(RegistryError) -> RegistryEntry? {
        try await entry(sha256: sha256, on: reader)
    }

    func entry(sha256: String, on db: any SQLDatabase) async throws(RegistryError) -> RegistryEntry? {
        try await Self.database("look the bundle up") {
            let row = try await db.select().columns(Self.entryColumns).from("registry_entries")
                .where("bundle_sha256", .equal, sha256.lowercased()).first()
            return try row.map(Self.entry(from:))
        }
    }

    /// The entry at a leaf index, if any.
    public func entry(leafIndex: UInt64) async throws(RegistryError) -> RegistryEntry? {
        let reader = self.reader
        return try await Self.database("look the entry up") {
            let row = try await reader.select().columns(Self.entryColumns).from("registry_entries")
                .where("leaf_index", .equal, Int64(leafIndex)).first()
            return try row.map(Self.entry(from:))
        }
    }

    /// Entries matching a query, newest first.
    public func entries(matching query: RegistryQuery) async throws(RegistryError) -> [RegistryEntry] {
        let reader = self.reader
        let limit = max(1, min(query.limit, limits.maximumListed))
        return try await Self.database("list entries") {
            var select = reader.select().columns(Self.entryColumns).from("registry_entries")
            let filters: [(String, String?)] = [
                ("device", query.device), ("device_class", query.deviceClass), ("suite_id", query.suiteID),
                ("suite_version", query.suiteVersion), ("lab", query.lab), ("decision", query.decision),
            ]
            for case (let column, let value?) in filters { select = select.where(column, .equal, value) }
            if let from = query.finishedFrom { select = select.where("finished_at", .greaterThanOrEqual, from) }
            if let before = query.finishedBefore { select = select.where("finished_at", .lessThan, before) }
            if let before = query.beforeLeafIndex { select = select.where("leaf_index", .lessThan, Int64(before)) }
            if let digest = query.standardSHA256 {
                select = select.where(
                    SQLIdentifier("leaf_index"), .in,
                    SQLGroupExpression(
                        reader.select().column("leaf_index").from("registry_standards")
                            .where("sha256", .equal, digest.lowercased()).query))
            }
            return try await select.orderBy("leaf_index", .descending).limit(limit).all().map(Self.entry(from:))
        }
    }

    /// Every device class and suite (id, version) of any published entry, however old, sorted: one
    /// `SELECT DISTINCT` over all entries (the same SQLKit query on SQLite and PostgreSQL; the
    /// `(device_class, suite_id, suite_version)` index covers it).
    package func publishedSuites() async throws(RegistryError) -> [PublishedSuite] {
        let reader = self.reader
        return try await Self.database("list the device classes and suites") {
            try await reader.select().distinct().columns("device_class", "suite_id", "suite_version")
                .from("registry_entries").orderBy("device_class").orderBy("suite_id").orderBy("suite_version").all()
                .map {
                    PublishedSuite(
                        deviceClass: try $0.decode(column: "device_class", as: String.self),
                        suiteID: try $0.decode(column: "suite_id", as: String.self),
                        suiteVersion: try $0.decode(column: "suite_version", as: String.self))
                }
        }
    }

    /// The bundle's exact bytes, checked against its name before they are served.
    /// - Throws: `.notFound`; `.inconsistent` when the stored bytes are no longer the logged bundle.
    public func bundle(sha256: String) async throws(RegistryError) -> Data {
        guard let entry = try await entry(sha256: sha256) else {
            throw RegistryError(.notFound, "no bundle with SHA-256 \(sha256.prefix(64)) was published here")
        }
        let reader = self.reader
        let bytes = try await Self.database("read the bundle") { () async throws -> Data? in
            try await reader.select().column("bytes").from("registry_bundles").where(
                "leaf_index", .equal, Int64(entry.leafIndex)
            )
            .first()?.decode(column: "bytes", as: Data.self)
        }
        let logged = await state.leafHash(at: entry.leafIndex)
        guard let bytes, SHA256Digest.hex(bytes) == entry.bundleSHA256, let logged, MerkleHash.leaf(bytes) == logged
        else {
            throw RegistryError(
                .inconsistent,
                "the stored bytes of entry \(entry.leafIndex) are not the bundle the log holds: the database was altered"
            )
        }
        return bytes
    }

    /// The inclusion proof of an entry against the newest head, or against the signed head of
    /// `treeSize` when given.
    public func inclusionProof(
        leafIndex: UInt64, bundleSHA256: String, treeSize: UInt64? = nil
    ) async throws(RegistryError) -> ProofDocument {
        let head = try await signedHead(treeSize: treeSize, newest: await state.head)
        do {
            let proof = try await state.inclusionProof(leafIndex: leafIndex, treeSize: head.treeHead.treeSize)
            return ProofDocument(bundleSHA256: bundleSHA256, proof: proof, treeHead: head)
        } catch {
            throw RegistryError(.badRequest, error.reason)
        }
    }

    /// The inclusion proof of a published bundle by its SHA-256.
    public func inclusionProof(
        bundleSHA256 sha: String, treeSize: UInt64? = nil
    ) async throws(RegistryError) -> ProofDocument {
        guard let entry = try await entry(sha256: sha) else {
            throw RegistryError(.notFound, "no bundle with SHA-256 \(sha.prefix(64)) was published here")
        }
        return try await inclusionProof(
            leafIndex: entry.leafIndex, bundleSHA256: entry.bundleSHA256, treeSize: treeSize)
    }

    /// The consistency proof from `oldSize` to `newSize` (default: the newest head).
    public func consistencyProof(
        from oldSize: UInt64, to newSize: UInt64? = nil
    ) async throws(RegistryError) -> ConsistencyDocument {
        let head = try await signedHead(treeSize: newSize, newest: await state.head)
        do {
            let proof = try await state.consistencyProof(oldSize: oldSize, newSize: head.treeHead.treeSize)
            return ConsistencyDocument(proof: proof, treeHead: head)
        } catch {
            throw RegistryError(.badRequest, error.reason)
        }
    }

    /// The signed head of a size the log had (every head is kept), or the newest.
    func signedHead(treeSize: UInt64?, newest: SignedTreeHead) async throws(RegistryError) -> SignedTreeHead {
        guard let treeSize, treeSize != newest.treeHead.treeSize else { return newest }
        guard treeSize < newest.treeHead.treeSize else {
            throw RegistryError(
                .badRequest, "the log has \(newest.treeHead.treeSize) entries; it has no tree of size \(treeSize)")
        }
        let reader = self.reader
        let note = try await Self.database("read a tree head") { () async throws -> String? in
            try await reader.select().column("note").from("registry_tree_heads").where(
                "tree_size", .equal, Int64(treeSize)
            )
            .first()?.decode(column: "note", as: String.self)
        }
        guard let note, let head = try? SignedTreeHead(note: note, key: key) else {
            throw RegistryError(
                .inconsistent,
                "the signed head of the tree of \(treeSize) entries is missing or altered in the database")
        }
        return head
    }

    static func entry(from row: any SQLRow) throws -> RegistryEntry {
        let json = try row.decode(column: "index_json", as: String.self)
        return RegistryEntry(
            leafIndex: UInt64(try row.decode(column: "leaf_index", as: Int64.self)),
            bundleSHA256: try row.decode(column: "bundle_sha256", as: String.self),
            receivedAt: try row.decode(column: "received_at", as: String.self),
            previousLeafIndex: try row.decode(column: "previous_leaf_index", as: Int64?.self).map { UInt64($0) },
            report: try JSONDecoder().decode(IndexedReport.self, from: Data(json.utf8)))
    }
}
