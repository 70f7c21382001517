/// One measurable condition of a clause: a metric compared with a bound per device class.
public struct Requirement: Sendable, Hashable, Codable {
    /// The catalogue metric, e.g. `llm.decode_rate`.
    public let metric: String
    /// The metric's unit, equal to the catalogue's unit for ``metric``.
    public let unit: String
    /// How the measured value is compared with the bound.
    public let comparison: Comparison
    /// The bound per device class. A class the clause applies to with no entry here is
    /// "reported only": measured and shown, never a pass.
    public let thresholds: [DeviceClass: Double]
    /// How the value and its uncertainty decide against the bound.
    public let decisionRule: UncertaintyRule
    /// The largest expanded uncertainty the clause's method allows, relative to the value (IEC
    /// 62301: 0.02); a larger one makes the check inconclusive. `nil` when the method sets none.
    public let maximumRelativeUncertainty: Double?

    /// Creates a requirement.
    public init(
        metric: String, unit: String, comparison: Comparison, thresholds: [DeviceClass: Double],
        decisionRule: UncertaintyRule = .simple, maximumRelativeUncertainty: Double? = nil
    ) {
        self.metric = metric
        self.unit = unit
        self.comparison = comparison
        self.thresholds = thresholds
        self.decisionRule = decisionRule
        self.maximumRelativeUncertainty = maximumRelativeUncertainty
    }

    /// The bound for `deviceClass`, or `nil` when the metric is reported only for that class.
    public func bound(for deviceClass: DeviceClass) -> Double? {
        thresholds[deviceClass]
    }
}
