import Foundation
import SQLKit

/// A row of `registry_entries` as stored, before its seal is checked: what the listing shows
/// (`index_json`, `received_at`, `previous_leaf_index`), its seal (none for entries published
/// before the index was sealed) and the columns queries filter on.
struct StoredEntry: Sendable {
    /// The columns read (``RegistryStore/entryColumns``).
    static let columns =
        ["leaf_index", "bundle_sha256", "received_at", "previous_leaf_index", "index_json", "index_seal"]
        + filterColumns
    /// The columns a query filters on, each a copy of an index field.
    static let filterColumns = [
        "device", "device_class", "suite_id", "suite_version", "lab", "decision", "finished_at",
    ]

    let leafIndex: UInt64
    let bundleSHA256: String
    let receivedAt: String
    let previousLeafIndex: UInt64?
    let indexJSON: String
    let seal: String?
    let filters: [String: String]

    init(row: any SQLRow) throws {
        leafIndex = UInt64(try row.decode(column: "leaf_index", as: Int64.self))
        bundleSHA256 = try row.decode(column: "bundle_sha256", as: String.self)
        receivedAt = try row.decode(column: "received_at", as: String.self)
        previousLeafIndex = try row.decode(column: "previous_leaf_index", as: Int64?.self).map { UInt64($0) }
        indexJSON = try row.decode(column: "index_json", as: String.self)
        seal = try row.decode(column: "index_seal", as: String?.self)
        var filters: [String: String] = [:]
        for column in Self.filterColumns { filters[column] = try row.decode(column: column, as: String.self) }
        self.filters = filters
    }

    /// What the index seal covers besides the leaf index and the bundle's digest: the time
    /// received, the earlier entry and the index JSON. The publisher seals the same text.
    static func sealed(receivedAt: String, previousLeafIndex: UInt64?, indexJSON: String) -> String {
        "\(receivedAt)\n\(previousLeafIndex.map { String($0) } ?? "-")\n\(indexJSON)"
    }

    /// The filter columns as an index gives them.
    static func filters(of report: IndexedReport) -> [String: String] {
        [
            "device": report.device, "device_class": report.deviceClass, "suite_id": report.suiteID,
            "suite_version": report.suiteVersion, "lab": report.lab, "decision": report.decision,
            "finished_at": report.finishedAt,
        ]
    }
}
