import Accreditation
import Attestation
import Desk
import Foundation
import SQLKit
import Transparency

/// The registry: accepts a bundle only when the regulator's eight verification steps pass, stores
/// it byte for byte with its index fields, appends it to the transparency log and signs the new
/// tree head, all in one database transaction.
///
/// Two database handles: `writer` carries every change (one append at a time, under a lock) and
/// `reader` every read, so readers see committed entries only. On opening, the log is rebuilt from
/// the stored leaf hashes and must match the latest signed head in the database, so a row altered
/// or deleted by someone without the registry's key stops the registry from starting.
public final class RegistryStore: Sendable {
    let writer: any SQLDatabase
    let reader: any SQLDatabase
    /// Makes the verifier for one publish: the regulator's eight steps, with the clock read then.
    let verifier: @Sendable () -> RegulatorVerifier
    /// The tree-head signer (the public half is ``key``).
    public let signer: LogSigner
    /// Request bounds.
    public let limits: RegistryLimits
    let state: LogState
    let lock = AsyncLock()

    /// The registry's tree-head key, as clients pin it.
    public var key: TreeHeadKey { signer.key }

    private init(
        writer: any SQLDatabase, reader: any SQLDatabase, verifier: @escaping @Sendable () -> RegulatorVerifier,
        signer: LogSigner, limits: RegistryLimits, state: LogState
    ) {
        self.writer = writer
        self.reader = reader
        self.verifier = verifier
        self.signer = signer
        self.limits = limits
        self.state = state
    }

    /// Migrates the schema, rebuilds the log and checks it against the latest signed tree head.
    /// - Throws: ``RegistryError`` `.inconsistent` when the stored entries do not give the signed
    ///   head (an entry altered, removed or added behind the registry's back), `.unavailable` when
    ///   the database fails.
    public static func open(
        writer: any SQLDatabase, reader: any SQLDatabase, verifier: @escaping @Sendable () -> RegulatorVerifier,
        signer: LogSigner,
        limits: RegistryLimits = RegistryLimits()
    ) async throws(RegistryError) -> RegistryStore {
        let (tree, stored) = try await database("open the registry") { () async throws -> (MerkleTree, String?) in
            try await RegistryMigrations.migrate(writer)
            let rows = try await writer.select().columns("leaf_index", "leaf_hash").from("registry_entries")
                .orderBy("leaf_index").all()
            var tree = MerkleTree()
            for row in rows {
                let index = try row.decode(column: "leaf_index", as: Int64.self)
                guard index == Int64(tree.size) else {
                    throw RegistryError(
                        .inconsistent,
                        "the database has no entry \(tree.size) but has entry \(index): an entry was deleted; the log can no longer be served"
                    )
                }
                guard let hash = Hex.decode(try row.decode(column: "leaf_hash", as: String.self)),
                    hash.count == MerkleHash.size
                else {
                    throw RegistryError(
                        .inconsistent, "entry \(index)'s leaf hash in the database is not a SHA-256 hash")
                }
                tree.append(leafHash: hash)
            }
            let head = try await writer.select().column("note").from("registry_tree_heads")
                .orderBy("tree_size", .descending).limit(1).first()
            return (tree, try head?.decode(column: "note", as: String.self))
        }
        let head: SignedTreeHead
        do throws(TransparencyError) {
            if let stored {
                head = try SignedTreeHead(note: stored, key: signer.key)
                guard head.treeHead.treeSize == tree.size else {
                    throw TransparencyError(
                        "the latest signed tree head is for \(head.treeHead.treeSize) entries but the database holds \(tree.size): entries were deleted or added behind the registry's back"
                    )
                }
                guard head.treeHead.rootHash == (try tree.rootHash(treeSize: tree.size)) else {
                    throw TransparencyError(
                        "the stored entries do not give the root of the latest signed tree head: an entry was altered behind the registry's back"
                    )
                }
            } else if tree.size == 0 {
                head = try signer.sign(tree)
            } else {
                throw TransparencyError(
                    "the database holds \(tree.size) entries but no signed tree head: the heads were deleted")
            }
        } catch {
            throw RegistryError(.inconsistent, "the registry will not start: \(error.reason)")
        }
        if stored == nil {
            try await database("store the first tree head") {
                try await writer.insert(into: "registry_tree_heads").columns("tree_size", "note")
                    .values(SQLBind(Int64(0)), SQLBind(head.note)).run()
            }
        }
        return RegistryStore(
            writer: writer, reader: reader, verifier: verifier, signer: signer, limits: limits,
            state: LogState(tree: tree, head: head))
    }

    /// Publishes a bundle: verification, storage, log. Publishing the same bytes again returns the
    /// first receipt's entry with a fresh proof.
    /// - Throws: `.tooLarge`, `.rejected` (with the failed step), `.unavailable`.
    public func publish(_ bytes: Data) async throws(RegistryError) -> PublishReceipt {
        guard bytes.count <= limits.maximumBundleBytes else {
            throw RegistryError(
                .tooLarge,
                "the bundle has \(bytes.count) bytes; this registry accepts at most \(limits.maximumBundleBytes)")
        }
        let sha = SHA256Digest.hex(bytes)
        if let existing = try await entry(sha256: sha) {
            return try await receipt(for: existing, status: "already-published")
        }
        let outcome = await verifier().verify(bundle: bytes)
        guard outcome.accepted, let accredited = outcome.report else {
            let failure = outcome.failure
            throw RegistryError(
                .rejected,
                "rejected at step \(failure?.step.rawValue ?? 0) (\(failure?.step.name ?? "?"): \(failure?.step.title ?? "?")): \(failure?.reason ?? "no reason given")",
                step: failure.map { ($0.step.rawValue, $0.step.name) })
        }
        let indexed = IndexedReport(accredited)
        let result: Result<PublishReceipt, RegistryError> =
            (try? await lock.run { () async -> Result<PublishReceipt, RegistryError> in
                do throws(RegistryError) {
                    return .success(try await self.append(bytes, sha: sha, indexed: indexed))
                } catch {
                    return .failure(error)
                }
            }) ?? .failure(RegistryError(.unavailable, "the append was interrupted"))
        return try result.get()
    }

    /// Under the lock: store and log one verified bundle.
    private func append(
        _ bytes: Data, sha: String, indexed: IndexedReport
    ) async throws(RegistryError) -> PublishReceipt {
        if let existing = try await entry(sha256: sha, on: writer) {
            return try await receipt(for: existing, status: "already-published")
        }
        let leafHash = MerkleHash.leaf(bytes)
        let (index, head): (UInt64, SignedTreeHead)
        do throws(TransparencyError) {
            (index, head) = try await state.append(leafHash: leafHash, signer: signer)
        } catch {
            throw RegistryError(.unavailable, "the tree head could not be signed: \(error.reason)")
        }
        let receivedAt = Self.timestamp(Date())
        let writer = self.writer
        let previous: UInt64? = try await Self.database("store the bundle") { () async throws -> UInt64? in
            var previous: UInt64?
            if !indexed.device.isEmpty {
                let row = try await writer.select().column("leaf_index").from("registry_entries")
                    .where("device", .equal, indexed.device).where("suite_id", .equal, indexed.suiteID)
                    .orderBy("leaf_index", .descending).limit(1).first()
                previous = try row.map { UInt64(try $0.decode(column: "leaf_index", as: Int64.self)) }
            }
            let json = String(decoding: try JSONEncoder().encode(indexed), as: UTF8.self)
            try await writer.raw("BEGIN").run()
            do {
                try await writer.insert(into: "registry_entries")
                    .columns(
                        "leaf_index", "bundle_sha256", "leaf_hash", "report_id", "device", "device_class", "suite_id",
                        "suite_version", "suite_sha256", "standards", "lab", "lab_key_id", "finished_at", "decision",
                        "mode",
                        "received_at", "previous_leaf_index", "index_json"
                    )
                    .values(
                        SQLBind(Int64(index)), SQLBind(sha), SQLBind(Hex.encode(leafHash)), SQLBind(indexed.reportID),
                        SQLBind(indexed.device), SQLBind(indexed.deviceClass), SQLBind(indexed.suiteID),
                        SQLBind(indexed.suiteVersion),
                        SQLBind(indexed.suiteSHA256), SQLBind(indexed.standards.joined(separator: ",")),
                        SQLBind(indexed.lab),
                        SQLBind(indexed.labKeyID), SQLBind(indexed.finishedAt), SQLBind(indexed.decision),
                        SQLBind(indexed.mode),
                        SQLBind(receivedAt), SQLBind(previous.map { Int64($0) }), SQLBind(json)
                    )
                    .run()
                try await writer.insert(into: "registry_bundles").columns("leaf_index", "bytes")
                    .values(SQLBind(Int64(index)), SQLBind(bytes)).run()
                for standard in indexed.standards {
                    let parts = standard.split(separator: "@", maxSplits: 1).map(String.init)
                    try await writer.insert(into: "registry_standards").columns("leaf_index", "standard_id", "sha256")
                        .values(SQLBind(Int64(index)), SQLBind(parts[0]), SQLBind(parts.count > 1 ? parts[1] : ""))
                        .run()
                }
                if !indexed.figures.isEmpty {
                    var insert = writer.insert(into: "registry_figures")
                        .columns("leaf_index", "clause_id", "workload_id", "verdict", "metric", "value", "unit")
                    for figure in indexed.figures {
                        insert = insert.values(
                            SQLBind(Int64(index)), SQLBind(figure.clauseID), SQLBind(figure.workloadID),
                            SQLBind(figure.verdict),
                            SQLBind(figure.metric), SQLBind(figure.value.flatMap { $0.isFinite ? $0 : nil }),
                            SQLBind(figure.unit))
                    }
                    try await insert.run()
                }
                try await writer.insert(into: "registry_tree_heads").columns("tree_size", "note")
                    .values(SQLBind(Int64(head.treeHead.treeSize)), SQLBind(head.note)).run()
                try await writer.raw("COMMIT").run()
            } catch {
                try? await writer.raw("ROLLBACK").run()
                throw error
            }
            return previous
        }
        await state.commit(leafHash: leafHash, head: head)
        let entry = RegistryEntry(
            leafIndex: index, bundleSHA256: sha, receivedAt: receivedAt, previousLeafIndex: previous, report: indexed)
        return try await receipt(for: entry, status: "accepted")
    }

    /// A receipt for an entry: the proof against the newest head.
    private func receipt(for entry: RegistryEntry, status: String) async throws(RegistryError) -> PublishReceipt {
        PublishReceipt(
            status: status, entry: entry,
            proof: try await inclusionProof(leafIndex: entry.leafIndex, bundleSHA256: entry.bundleSHA256))
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Runs database work, turning its failures into a sentence (the driver's own words for the operator).
    static func database<T: Sendable>(
        _ what: String, _ body: @Sendable () async throws -> T
    ) async throws(RegistryError) -> T {
        do {
            return try await body()
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(
                .unavailable, "the database failed to \(what): \(String(reflecting: error).prefix(300))")
        }
    }
}
