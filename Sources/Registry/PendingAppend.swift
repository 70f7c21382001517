import Foundation

/// A verified bundle waiting for the next group commit.
struct PendingAppend: Sendable {
    /// The queue's number for it: its result is collected under this number.
    let ticket: UInt64
    let bytes: Data
    let sha: String
    let indexed: IndexedReport
    /// What a comparison reads of the report (``ReportComparison/fields(of:)``), canonical JSON.
    let fields: String
}
