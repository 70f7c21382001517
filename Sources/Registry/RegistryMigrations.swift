import SQLKit

/// The registry's schema, one ordered list of steps for SQLite and PostgreSQL alike (SQLKit's
/// builders pick each dialect's types). `registry_schema` records the steps applied; a database
/// from a newer aitc (a step this one does not know) is refused.
public enum RegistryMigrations {
    /// A schema step.
    struct Step: Sendable {
        let version: Int
        let apply: @Sendable (any SQLDatabase) async throws -> Void
    }

    static let double = SQLDataType.custom(SQLRaw("DOUBLE PRECISION"))

    static let steps: [Step] = [
        Step(version: 1) { db in
            try await db.create(table: "registry_entries")
                .column("leaf_index", type: .bigint, .primaryKey(autoIncrement: false))
                .column("bundle_sha256", type: .text, .notNull, .unique)
                .column("leaf_hash", type: .text, .notNull)
                .column("report_id", type: .text, .notNull)
                .column("device", type: .text, .notNull)
                .column("device_class", type: .text, .notNull)
                .column("suite_id", type: .text, .notNull)
                .column("suite_version", type: .text, .notNull)
                .column("suite_sha256", type: .text, .notNull)
                .column("standards", type: .text, .notNull)
                .column("lab", type: .text, .notNull)
                .column("lab_key_id", type: .text, .notNull)
                .column("finished_at", type: .text, .notNull)
                .column("decision", type: .text, .notNull)
                .column("mode", type: .text, .notNull)
                .column("received_at", type: .text, .notNull)
                .column("previous_leaf_index", type: .bigint)
                .column("index_json", type: .text, .notNull)
                .run()
            for columns in [
                ["device", "suite_id"], ["device_class", "suite_id", "suite_version"], ["lab"], ["finished_at"],
                ["decision"], ["report_id"],
            ] {
                try await index(db, table: "registry_entries", columns: columns)
            }
            try await db.create(table: "registry_bundles")
                .column("leaf_index", type: .bigint, .primaryKey(autoIncrement: false))
                .column("bytes", type: .blob, .notNull)
                .run()
            try await db.create(table: "registry_standards")
                .column("leaf_index", type: .bigint, .notNull)
                .column("standard_id", type: .text, .notNull)
                .column("sha256", type: .text, .notNull)
                .run()
            try await index(db, table: "registry_standards", columns: ["sha256"])
            try await db.create(table: "registry_figures")
                .column("leaf_index", type: .bigint, .notNull)
                .column("clause_id", type: .text, .notNull)
                .column("workload_id", type: .text)
                .column("verdict", type: .text, .notNull)
                .column("metric", type: .text)
                .column("value", type: double)
                .column("unit", type: .text)
                .run()
            try await index(db, table: "registry_figures", columns: ["clause_id"])
            try await index(db, table: "registry_figures", columns: ["leaf_index"])
            try await db.create(table: "registry_tree_heads")
                .column("tree_size", type: .bigint, .primaryKey(autoIncrement: false))
                .column("note", type: .text, .notNull)
                .run()
        },
        // What a comparison reads of each report (``ReportComparison/fields(of:)``), kept at publish
        // with the registry's seal, so a comparison does not parse the bundles again. Entries
        // published before this step have no row: their bundles are read.
        Step(version: 2) { db in
            try await db.create(table: "registry_comparison_fields")
                .column("leaf_index", type: .bigint, .primaryKey(autoIncrement: false))
                .column("fields", type: .text, .notNull)
                .column("seal", type: .text, .notNull)
                .run()
        },
        // The listing fields (`index_json`, `received_at`, `previous_leaf_index`) sealed as the
        // comparison fields are (``SealedPart/index``). Entries published before this step have no
        // seal: their index is derived again from their bundle, checked against the log.
        Step(version: 3) { db in
            try await db.alter(table: "registry_entries").column("index_seal", type: .text).run()
        },
    ]

    /// `CREATE INDEX table_col1_col2 ON table (col1, col2)`: the same text in both dialects.
    static func index(_ db: any SQLDatabase, table: String, columns: [String]) async throws {
        let name = ([table] + columns).joined(separator: "_")
        var builder = db.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }

    /// The newest schema version this build knows.
    public static var latest: Int { steps.last?.version ?? 0 }

    /// Applies every step the database lacks, each in its own transaction; returns the version now in force.
    @discardableResult
    public static func migrate(_ db: any SQLDatabase) async throws -> Int {
        try await db.create(table: "registry_schema").ifNotExists()
            .column("version", type: .bigint, .primaryKey(autoIncrement: false))
            .run()
        let rows = try await db.select().column("version").from("registry_schema").all()
        let applied = Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        if let newest = applied.max(), newest > latest {
            throw RegistryError(
                .unavailable,
                "the database has registry schema version \(newest); this aitc knows up to \(latest) — run a newer aitc"
            )
        }
        for step in steps where !applied.contains(step.version) {
            try await db.raw("BEGIN").run()
            do {
                try await step.apply(db)
                try await db.insert(into: "registry_schema").columns("version").values(SQLBind(step.version)).run()
                try await db.raw("COMMIT").run()
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
        return latest
    }
}
