import Accreditation
import Attestation
import Foundation
import SQLKit
import Transparency

extension RegistryStore {
    /// Under the append lock: appends every queued bundle (up to a batch) and records each outcome.
    func appendQueued() async {
        let batch = await queue.take()
        guard !batch.isEmpty else { return }
        let outcomes: [UInt64: Result<(entry: RegistryEntry, status: String), RegistryError>]
        do throws(RegistryError) {
            outcomes = try await append(batch).mapValues { .success($0) }
        } catch {
            outcomes = Dictionary(uniqueKeysWithValues: batch.map { ($0.ticket, .failure(error)) })
        }
        await queue.record(outcomes)
    }

    /// Stores and logs a batch of verified bundles in one transaction: one leaf and one signed tree
    /// head per new entry, the in-memory log changed only after COMMIT (rolled back otherwise).
    private func append(
        _ batch: [PendingAppend]
    ) async throws(RegistryError) -> [UInt64: (entry: RegistryEntry, status: String)] {
        let writer = self.writer
        let known = try await entries(sha256: Set(batch.map(\.sha)), on: writer)
        let latest = try await Self.latestEntries(devices: Set(batch.map(\.indexed.device)), on: writer)
        var outcomes: [UInt64: (entry: RegistryEntry, status: String)] = [:]
        var fresh: [(ticket: UInt64, entry: RegistryEntry, bytes: Data, leafHash: [UInt8], fields: String)] = []
        var repeated: [(ticket: UInt64, sha: String)] = []
        var previousOf = latest
        let receivedAt = Timestamp.format(Date())
        let first = await state.head.treeHead.treeSize
        for item in batch {
            if let entry = known[item.sha] {
                outcomes[item.ticket] = (entry, "already-published")
                continue
            }
            if fresh.contains(where: { $0.entry.bundleSHA256 == item.sha }) {
                repeated.append((item.ticket, item.sha))
                continue
            }
            let index = first + UInt64(fresh.count)
            let key = DeviceSuite(device: item.indexed.device, suiteID: item.indexed.suiteID)
            let previous = item.indexed.device.isEmpty ? nil : previousOf[key]
            if !item.indexed.device.isEmpty { previousOf[key] = index }
            let entry = RegistryEntry(
                leafIndex: index, bundleSHA256: item.sha, receivedAt: receivedAt, previousLeafIndex: previous,
                report: item.indexed)
            fresh.append((item.ticket, entry, item.bytes, MerkleHash.leaf(item.bytes), item.fields))
        }
        guard !fresh.isEmpty else { return outcomes }
        let heads: [SignedTreeHead]
        do throws(TransparencyError) {
            heads = try await state.append(leafHashes: fresh.map(\.leafHash), signer: signer).heads
        } catch {
            throw RegistryError(.unavailable, "the tree head could not be signed: \(error.reason)")
        }
        do throws(RegistryError) {
            let rows = try Self.rows(
                fresh.map { ($0.entry, $0.bytes, $0.leafHash, $0.fields) }, heads: heads, signer: signer)
            try await Self.database("store the bundles") { try await Self.store(rows, on: writer) }
        } catch {
            await state.rollback()
            throw error
        }
        await state.commit(head: heads[heads.count - 1])
        for item in fresh { outcomes[item.ticket] = (item.entry, "accepted") }
        for item in repeated {
            if let entry = fresh.first(where: { $0.entry.bundleSHA256 == item.sha })?.entry {
                outcomes[item.ticket] = (entry, "already-published")
            }
        }
        return outcomes
    }

    /// The rows of a batch, table by table, in the order they are inserted.
    private static func rows(
        _ appended: [(entry: RegistryEntry, bytes: Data, leafHash: [UInt8], fields: String)],
        heads: [SignedTreeHead], signer: LogSigner
    ) throws(RegistryError) -> [(String, [String], [[SQLBind]])] {
        var entries: [[SQLBind]] = []
        var bundles: [[SQLBind]] = []
        var standards: [[SQLBind]] = []
        var figures: [[SQLBind]] = []
        var comparisonFields: [[SQLBind]] = []
        for (entry, bytes, leafHash, fields) in appended {
            let index = SQLBind(Int64(entry.leafIndex))
            let indexed = entry.report
            let json: String
            do {
                json = String(decoding: try JSONEncoder().encode(indexed), as: UTF8.self)
            } catch {
                throw RegistryError(.unavailable, "the index of entry \(entry.leafIndex) cannot be encoded: \(error)")
            }
            entries.append([
                index, SQLBind(entry.bundleSHA256), SQLBind(Hex.encode(leafHash)), SQLBind(indexed.reportID),
                SQLBind(indexed.device), SQLBind(indexed.deviceClass), SQLBind(indexed.suiteID),
                SQLBind(indexed.suiteVersion), SQLBind(indexed.suiteSHA256),
                SQLBind(indexed.standards.joined(separator: ",")), SQLBind(indexed.lab), SQLBind(indexed.labKeyID),
                SQLBind(indexed.finishedAt), SQLBind(indexed.decision), SQLBind(indexed.mode),
                SQLBind(entry.receivedAt), SQLBind(entry.previousLeafIndex.map { Int64($0) }), SQLBind(json),
                SQLBind(
                    signer.seal(
                        StoredEntry.sealed(
                            receivedAt: entry.receivedAt, previousLeafIndex: entry.previousLeafIndex, indexJSON: json),
                        leafIndex: entry.leafIndex, bundleSHA256: entry.bundleSHA256, part: .index)),
            ])
            bundles.append([index, SQLBind(bytes)])
            comparisonFields.append([
                index, SQLBind(fields),
                SQLBind(signer.seal(fields, leafIndex: entry.leafIndex, bundleSHA256: entry.bundleSHA256)),
            ])
            for standard in indexed.standards {
                let parts = standard.split(separator: "@", maxSplits: 1).map(String.init)
                standards.append([index, SQLBind(parts[0]), SQLBind(parts.count > 1 ? parts[1] : "")])
            }
            for figure in indexed.figures {
                figures.append([
                    index, SQLBind(figure.clauseID), SQLBind(figure.workloadID), SQLBind(figure.verdict),
                    SQLBind(figure.metric), SQLBind(figure.value.flatMap { $0.isFinite ? $0 : nil }),
                    SQLBind(figure.unit),
                ])
            }
        }
        let heads = heads.map { [SQLBind(Int64($0.treeHead.treeSize)), SQLBind($0.note)] }
        return [
            (
                "registry_entries",
                [
                    "leaf_index", "bundle_sha256", "leaf_hash", "report_id", "device", "device_class", "suite_id",
                    "suite_version", "suite_sha256", "standards", "lab", "lab_key_id", "finished_at", "decision",
                    "mode", "received_at", "previous_leaf_index", "index_json", "index_seal",
                ], entries
            ),
            ("registry_bundles", ["leaf_index", "bytes"], bundles),
            ("registry_comparison_fields", ["leaf_index", "fields", "seal"], comparisonFields),
            ("registry_standards", ["leaf_index", "standard_id", "sha256"], standards),
            (
                "registry_figures", ["leaf_index", "clause_id", "workload_id", "verdict", "metric", "value", "unit"],
                figures
            ),
            ("registry_tree_heads", ["tree_size", "note"], heads),
        ]
    }

    /// Stores a batch's rows atomically. On PostgreSQL one statement whose INSERTs but the last are
    /// data-modifying `WITH` clauses: a statement is atomic on its own, so one round trip replaces
    /// BEGIN, six INSERTs and COMMIT — what bounds the publish rate when few labs publish at once
    /// (Docs/registry.md). Otherwise (SQLite, in process; or a batch over the statement's bind limit)
    /// a transaction of multi-row INSERTs.
    private static func store(_ rows: [(String, [String], [[SQLBind]])], on db: any SQLDatabase) async throws {
        let parts = rows.filter { !$0.2.isEmpty }
        let binds = parts.reduce(0) { $0 + $1.1.count * $1.2.count }
        if db.dialect.name == "postgresql", binds <= maximumStatementBinds, let last = parts.last {
            var statement = db.insert(into: last.0).columns(last.1)
            for row in last.2 { statement = statement.values(row) }
            for (number, (table, columns, values)) in parts.dropLast().enumerated() {
                var insert = SQLInsert(table: SQLIdentifier(table))
                insert.columns = columns.map { SQLIdentifier($0) }
                insert.values = values
                statement = statement.with("appended_\(number)", as: insert)
            }
            try await statement.run()
            return
        }
        try await db.raw("BEGIN").run()
        do {
            for (table, columns, values) in parts {
                try await Self.insert(into: table, columns: columns, rows: values, on: db)
            }
            try await db.raw("COMMIT").run()
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Bound values in the single PostgreSQL statement: below its protocol's 65535.
    static let maximumStatementBinds = 60000

    /// Multi-row INSERTs of at most ``maximumBinds`` bound values each.
    private static func insert(
        into table: String, columns: [String], rows: [[SQLBind]], on db: any SQLDatabase
    ) async throws {
        let perStatement = max(1, maximumBinds / columns.count)
        var start = 0
        while start < rows.count {
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<min(rows.count, start + perStatement)] { insert = insert.values(row) }
            try await insert.run()
            start += perStatement
        }
    }

    /// Bound values per statement: far below SQLite's 32766 and PostgreSQL's 65535.
    static let maximumBinds = 8000

    /// The stored entries among these bundle digests.
    private func entries(
        sha256 digests: Set<String>, on db: any SQLDatabase
    ) async throws(RegistryError) -> [String: RegistryEntry] {
        let rows = try await Self.database("look the bundles up") {
            try await db.select().columns(Self.entryColumns).from("registry_entries")
                .where("bundle_sha256", .in, Array(digests)).all().map(StoredEntry.init(row:))
        }
        return Dictionary(uniqueKeysWithValues: try await checked(rows).map { ($0.bundleSHA256, $0) })
    }

    /// The newest stored entry of each device and suite among these devices.
    private static func latestEntries(
        devices: Set<String>, on db: any SQLDatabase
    ) async throws(RegistryError) -> [DeviceSuite: UInt64] {
        let named = devices.filter { !$0.isEmpty }
        guard !named.isEmpty else { return [:] }
        return try await database("find earlier reports of the devices") {
            let rows = try await db.select().column("device").column("suite_id")
                .column(SQLFunction("max", args: SQLIdentifier("leaf_index")), as: "latest")
                .from("registry_entries").where("device", .in, Array(named))
                .groupBy("device").groupBy("suite_id").all()
            var latest: [DeviceSuite: UInt64] = [:]
            for row in rows {
                let key = DeviceSuite(
                    device: try row.decode(column: "device", as: String.self),
                    suiteID: try row.decode(column: "suite_id", as: String.self))
                latest[key] = UInt64(try row.decode(column: "latest", as: Int64.self))
            }
            return latest
        }
    }
}
