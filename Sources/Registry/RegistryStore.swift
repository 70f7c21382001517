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
    /// Makes the verifier for one publish: the regulator's eight steps, with the clock read then
    /// (and the revocation list as its file is then); throws when the policy cannot be applied now.
    let verifier: @Sendable () throws(RegistryError) -> RegulatorVerifier
    /// The tree-head signer (the public half is ``key``).
    public let signer: LogSigner
    /// Request bounds.
    public let limits: RegistryLimits
    let state: LogState
    let lock = AsyncLock()
    let queue = AppendQueue()
    let documentCache = DocumentCache()

    /// The registry's tree-head key, as clients pin it.
    public var key: TreeHeadKey { signer.key }

    private init(
        writer: any SQLDatabase, reader: any SQLDatabase,
        verifier: @escaping @Sendable () throws(RegistryError) -> RegulatorVerifier,
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
        writer: any SQLDatabase, reader: any SQLDatabase,
        verifier: @escaping @Sendable () throws(RegistryError) -> RegulatorVerifier,
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
    /// first receipt's entry with a fresh proof. Bundles verified at the same time are appended in
    /// one transaction (group commit, see ``AppendQueue``); each still gets its own signed tree head
    /// and an inclusion proof against the newest head.
    /// - Throws: `.tooLarge`, `.rejected` (with the failed step), `.unavailable` (the database, or a
    ///   policy file that cannot be applied now).
    public func publish(_ bytes: Data) async throws(RegistryError) -> PublishReceipt {
        guard bytes.count <= limits.maximumBundleBytes else {
            throw RegistryError(
                .tooLarge,
                "the bundle has \(bytes.count) bytes; this registry accepts at most \(limits.maximumBundleBytes)")
        }
        let sha = SHA256Digest.hex(bytes)
        // Verified before any lookup: a new bundle, the usual case, costs no extra query. The same
        // bytes published before are found by the append; when they no longer verify now (a lab
        // revoked since, a policy file unreadable) the stored entry is looked up here.
        let outcome: RegulatorOutcome
        do throws(RegistryError) {
            outcome = try await verifier().verify(bundle: bytes)
        } catch {
            if let existing = try await entry(sha256: sha) {
                return try await receipt(for: existing, status: "already-published")
            }
            throw error
        }
        guard outcome.accepted, let accredited = outcome.report else {
            if let existing = try await entry(sha256: sha) {
                return try await receipt(for: existing, status: "already-published")
            }
            let failure = outcome.failure
            throw RegistryError(
                .rejected,
                "rejected at step \(failure?.step.rawValue ?? 0) (\(failure?.step.name ?? "?"): \(failure?.step.title ?? "?")): \(failure?.reason ?? "no reason given")",
                step: failure.map { ($0.step.rawValue, $0.step.name) })
        }
        let ticket = await queue.add(
            bytes: bytes, sha: sha, indexed: IndexedReport(accredited), fields: Self.comparisonFields(of: accredited))
        while true {
            if let appended = await queue.outcome(ticket) {
                let (entry, status) = try appended.get()
                return try await receipt(for: entry, status: status)
            }
            // Whoever holds the lock appends everything queued so far, this bundle too unless an
            // earlier holder already did; then this publisher only passes the lock on. (Appending
            // anyway, one newly queued bundle at a time, made every publisher wait for all those
            // ahead of it to append one each: batches of 1 and a 77 ms wait with 16 publishers.)
            _ = try? await lock.run {
                guard await !self.queue.isDone(ticket) else { return }
                await self.appendQueued()
            }
        }
    }

    /// A receipt for an entry: the proof against the newest head.
    private func receipt(for entry: RegistryEntry, status: String) async throws(RegistryError) -> PublishReceipt {
        PublishReceipt(
            status: status, entry: entry,
            proof: try await inclusionProof(leafIndex: entry.leafIndex, bundleSHA256: entry.bundleSHA256))
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
