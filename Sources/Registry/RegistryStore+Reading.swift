import Accreditation
import Attestation
import Desk
import Foundation
import SQLKit
import Transparency

extension RegistryStore {
    static let entryColumns = StoredEntry.columns

    /// The newest signed tree head.
    public func treeHead() async -> SignedTreeHead { await state.head }

    /// The entry for a bundle's SHA-256, if published.
    public func entry(sha256: String) async throws(RegistryError) -> RegistryEntry? {
        try await entry(sha256: sha256, on: reader)
    }

    func entry(sha256: String, on db: any SQLDatabase) async throws(RegistryError) -> RegistryEntry? {
        let stored = try await Self.database("look the bundle up") {
            let row = try await db.select().columns(Self.entryColumns).from("registry_entries")
                .where("bundle_sha256", .equal, sha256.lowercased()).first()
            return try row.map(StoredEntry.init(row:))
        }
        guard let stored else { return nil }
        return try await checked([stored]).first
    }

    /// The entry at a leaf index, if any.
    public func entry(leafIndex: UInt64) async throws(RegistryError) -> RegistryEntry? {
        let reader = self.reader
        let stored = try await Self.database("look the entry up") {
            let row = try await reader.select().columns(Self.entryColumns).from("registry_entries")
                .where("leaf_index", .equal, Int64(leafIndex)).first()
            return try row.map(StoredEntry.init(row:))
        }
        guard let stored else { return nil }
        return try await checked([stored]).first
    }

    /// Entries matching a query, newest first.
    public func entries(matching query: RegistryQuery) async throws(RegistryError) -> [RegistryEntry] {
        let reader = self.reader
        let limit = max(1, min(query.limit, limits.maximumListed))
        let stored = try await Self.database("list entries") {
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
            return try await select.orderBy("leaf_index", .descending).limit(limit).all().map(StoredEntry.init(row:))
        }
        let entries = try await checked(stored)
        if let digest = query.standardSHA256?.lowercased() {
            // The standards table is not sealed: each entry found must name the standard in its sealed index.
            for entry in entries where !entry.report.standards.contains(where: { $0.hasSuffix("@" + digest) }) {
                throw RegistryError(
                    .inconsistent,
                    "entry \(entry.leafIndex) was found by the standard \(digest) but its sealed index does not name it: the database was altered"
                )
            }
        }
        return entries
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
        return try await loggedBytes(leafIndex: entry.leafIndex, sha256: entry.bundleSHA256)
    }

    /// The stored bytes of the entry at `leafIndex`, checked against its digest and the logged leaf.
    /// - Throws: `.inconsistent` when they are not the bundle the log holds.
    func loggedBytes(leafIndex: UInt64, sha256: String) async throws(RegistryError) -> Data {
        let reader = self.reader
        let bytes = try await Self.database("read the bundle") { () async throws -> Data? in
            try await reader.select().column("bytes").from("registry_bundles").where(
                "leaf_index", .equal, Int64(leafIndex)
            )
            .first()?.decode(column: "bytes", as: Data.self)
        }
        let logged = await state.leafHash(at: leafIndex)
        guard let bytes, SHA256Digest.hex(bytes) == sha256, let logged, MerkleHash.leaf(bytes) == logged else {
            throw RegistryError(
                .inconsistent,
                "the stored bytes of entry \(leafIndex) are not the bundle the log holds: the database was altered")
        }
        return bytes
    }

    /// The entries of stored rows, each checked: its listing fields against the registry's seal
    /// (or, for an entry published before the index was sealed, derived again from its bundle,
    /// whose bytes are checked against the log), and the columns queries filter on against them.
    /// - Throws: `.inconsistent` with a sentence when a row was edited, moved or forged.
    /// Each entry is flagged when its chain is on the revocation list as its file is now
    /// (``RevocationNotice``); a list that cannot be used now refuses the read (`503`), as it refuses
    /// publishing: an entry is never shown without its revocation status.
    func checked(_ rows: [StoredEntry]) async throws(RegistryError) -> [RegistryEntry] {
        guard !rows.isEmpty else { return [] }
        let revocations = try verifier().bundles.revocations
        var entries: [RegistryEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            var entry = try await checked(row)
            if let revocations {
                for (position, serial) in entry.report.labCertificateSerials.enumerated() {
                    guard let revoked = revocations.entry(serial: serial) else { continue }
                    entry.revocation = RevocationNotice(
                        revoked, position: position, receivedAt: Timestamp.parse(entry.receivedAt),
                        signedAt: Timestamp.parse(entry.report.finishedAt))
                    break
                }
            }
            entries.append(entry)
        }
        return entries
    }

    private func checked(_ row: StoredEntry) async throws(RegistryError) -> RegistryEntry {
        let report: IndexedReport
        if let seal = row.seal {
            let sealed = StoredEntry.sealed(
                receivedAt: row.receivedAt, previousLeafIndex: row.previousLeafIndex, indexJSON: row.indexJSON)
            guard
                signer.isSeal(
                    seal, of: sealed, leafIndex: row.leafIndex, bundleSHA256: row.bundleSHA256, part: .index),
                let decoded = try? JSONDecoder().decode(IndexedReport.self, from: Data(row.indexJSON.utf8))
            else {
                throw RegistryError(
                    .inconsistent,
                    "the listing fields kept for entry \(row.leafIndex) are not the ones the registry sealed at publish: the database was altered"
                )
            }
            report = decoded
        } else {
            let bytes = try await loggedBytes(leafIndex: row.leafIndex, sha256: row.bundleSHA256)
            do throws(DeskError) {
                report = try IndexedReport(bundle: bytes)
            } catch {
                throw RegistryError(.inconsistent, "entry \(row.leafIndex) cannot be read back: \(error.reason)")
            }
        }
        for (column, value) in StoredEntry.filters(of: report) where row.filters[column] != value {
            throw RegistryError(
                .inconsistent,
                "entry \(row.leafIndex)'s \(column) column says \"\(row.filters[column]?.prefix(80) ?? "")\" but its sealed index says \"\(value.prefix(80))\": the database was altered"
            )
        }
        return RegistryEntry(
            leafIndex: row.leafIndex, bundleSHA256: row.bundleSHA256, receivedAt: row.receivedAt,
            previousLeafIndex: row.previousLeafIndex, report: report)
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
}
