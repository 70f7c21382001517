/// One row of the scorecard: a clause judged on one workload, or once for the device.
public struct ClauseVerdict: Sendable, Hashable, Codable {
    /// The clause id, e.g. `LAT-01`.
    public let clauseID: String
    /// The clause title.
    public let title: String
    /// Whether the row counts towards the decision.
    public let level: RequirementLevel
    /// The workload judged; `nil` for a device-level clause or a row without workload.
    public let workloadID: String?
    /// The row's verdict: `fail` if any check fails, else `inconclusive` if any is, else `pass`.
    public let verdict: Verdict
    /// One check per requirement and matching measurement.
    public let checks: [RequirementCheck]
    /// Why the row is not a plain pass; `nil` for a plain pass.
    public let reason: String?
    /// The evidence of the measurements used.
    public let evidence: [String]

    /// Creates a row.
    public init(
        clauseID: String, title: String, level: RequirementLevel, workloadID: String?, verdict: Verdict,
        checks: [RequirementCheck], reason: String?, evidence: [String]
    ) {
        self.clauseID = clauseID
        self.title = title
        self.level = level
        self.workloadID = workloadID
        self.verdict = verdict
        self.checks = checks
        self.reason = reason
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey {
        case title, level, verdict, checks, reason, evidence
        case clauseID = "clause_id"
        case workloadID = "workload_id"
    }
}
