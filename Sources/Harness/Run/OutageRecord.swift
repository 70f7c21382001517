import Foundation

/// One loss of the device during a run, as the report lists it.
public struct OutageRecord: Codable, Sendable, Equatable {
    /// The workload that was running.
    public let workload: String
    /// Which attempt at that workload was interrupted (1 = the first).
    public let attempt: Int
    /// What the harness saw (the transport's words).
    public let reason: String
    /// When the loss was noticed (ISO 8601, UTC).
    public let noticedAt: String
    /// Seconds from noticing the loss to a verified reconnection; nil when none came.
    public let reconnectedAfterS: Double?
    /// `re-run from its start` or why the run ended here.
    public let outcome: String
}
