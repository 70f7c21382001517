/// The judgement of one requirement against one measurement (or its absence).
public struct RequirementCheck: Sendable, Hashable, Codable {
    /// The metric checked.
    public let metric: String
    /// The measured value, when there was one.
    public let value: Double?
    /// How the value was compared.
    public let comparison: Comparison
    /// The bound for the device class; `nil` when the metric is reported only.
    public let bound: Double?
    /// The requirement's unit.
    public let unit: String
    /// `pass`, `fail` or `inconclusive`.
    public let verdict: Verdict
    /// Why it failed, was inconclusive, or passed as reported only; `nil` for a plain pass.
    public let reason: String?
    /// The clause's decision rule when it is not the plain comparison (`guard-band`).
    public var decisionRule: UncertaintyRule? = nil
    /// The measurement's expanded uncertainty the decision used (guard band), in the unit.
    public var uncertainty: Double? = nil

    /// Creates a check.
    public init(
        metric: String, value: Double?, comparison: Comparison, bound: Double?, unit: String, verdict: Verdict,
        reason: String?
    ) {
        self.metric = metric
        self.value = value
        self.comparison = comparison
        self.bound = bound
        self.unit = unit
        self.verdict = verdict
        self.reason = reason
    }
}
