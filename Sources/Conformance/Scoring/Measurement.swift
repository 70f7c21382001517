/// One figure produced by a run, as handed to the ``Scorer``.
///
/// A measurement without a value is still a measurement: it carries the ``reason`` the value is
/// absent (no meter, not root, device lost, not implemented), which becomes the reason of the
/// `inconclusive` verdict. Never substitute a made-up number or a zero.
public struct Measurement: Sendable, Hashable, Codable {
    /// The catalogue metric, e.g. `single_stream.p90_latency`.
    public let metric: String
    /// The suite workload the figure belongs to; `nil` for a device-level figure.
    public let workloadID: String?
    /// The kind of that workload, for the report.
    public let workloadKind: WorkloadKind?
    /// The scenario the figure comes from (`single-stream`, `offline`, ...), for the report.
    public let scenario: String?
    /// The figure, or `nil` when it could not be obtained.
    public let value: Double?
    /// The unit of ``value``; must equal the clause's unit to be compared.
    public let unit: String
    /// `false` when the run that produced the figure broke a run rule (too few queries, an audit
    /// failed, replication out of tolerance).
    public let valid: Bool
    /// Where the figure comes from (log path, query counts, meter identity), shown in the report.
    public let evidence: String
    /// Why there is no value or why it is invalid; `nil` for a valid figure.
    public let reason: String?
    /// The expanded uncertainty of ``value`` (about 95 %), in its unit; `nil` when not stated.
    public let uncertainty: Double?
    /// Why the uncertainty is not stated or not complete (a meter that gave none); `nil` otherwise.
    public let uncertaintyMissing: String?

    /// Creates a measurement.
    public init(
        metric: String,
        workloadID: String? = nil,
        workloadKind: WorkloadKind? = nil,
        scenario: String? = nil,
        value: Double?,
        unit: String,
        valid: Bool = true,
        evidence: String = "",
        reason: String? = nil,
        uncertainty: Double? = nil,
        uncertaintyMissing: String? = nil
    ) {
        self.metric = metric
        self.workloadID = workloadID
        self.workloadKind = workloadKind
        self.scenario = scenario
        self.value = value
        self.unit = unit
        self.valid = valid
        self.evidence = evidence
        self.reason = reason
        self.uncertainty = uncertainty
        self.uncertaintyMissing = uncertaintyMissing
    }

    enum CodingKeys: String, CodingKey {
        case metric, scenario, value, unit, valid, evidence, reason, uncertainty
        case uncertaintyMissing = "uncertainty_missing"
        case workloadID = "workload_id"
        case workloadKind = "workload_kind"
    }
}
