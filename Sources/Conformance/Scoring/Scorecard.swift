/// The scored run: one row per clause and workload, and the overall decision with its reason.
public struct Scorecard: Sendable, Hashable, Codable {
    /// The rows, in suite clause order, then suite workload order.
    public let verdicts: [ClauseVerdict]
    /// The overall decision.
    public let decision: Decision
    /// Why: the failing or inconclusive mandatory rows, or why the run is incomplete.
    public let reason: String
    /// Rows per verdict.
    public let counts: VerdictCounts

    /// Creates a scorecard; the counts are derived from `verdicts`.
    public init(verdicts: [ClauseVerdict], decision: Decision, reason: String) {
        self.verdicts = verdicts
        self.decision = decision
        self.reason = reason
        self.counts = VerdictCounts(verdicts)
    }
}
