import Conformance

/// How energy is measured in one mode (the `energy` section of a mode in `Suites/run-rules.yaml`):
/// sampling, what a usable window needs, the idle baseline and the standby phase. Data, not code.
public struct EnergyRules: Codable, Sendable, Equatable {
    /// Readings per second the device agent takes of its own counters during a window.
    public let deviceSampleHz: Int
    /// Fewer readings strictly inside a window than this make its figure unavailable.
    public let minSamples: Int
    /// A stretch without readings longer than this fraction of a window makes it unavailable.
    public let maxGapFraction: Double
    /// Seconds of device idle measured before each workload (0: no baseline).
    public let idleBaselineS: Double
    /// Whether the idle baseline is subtracted from the workload's energy (MLPerf Power does not).
    public let subtractBaseline: Bool
    /// Seconds of device-level idle at the end of the session for standby power (0: none).
    public let standbyS: Double
    /// Fewer standby readings than this make the standby figure unavailable.
    public let standbyMinSamples: Int
    /// IEC 62301-style stability limit of the standby readings' regression slope.
    public let stabilityRelativePerHour: Double
    /// The same stability limit in watts per hour, for readings too small for a relative one.
    public let stabilityAbsoluteWattsPerHour: Double

    /// Creates energy rules.
    public init(
        deviceSampleHz: Int, minSamples: Int, maxGapFraction: Double, idleBaselineS: Double, subtractBaseline: Bool,
        standbyS: Double, standbyMinSamples: Int, stabilityRelativePerHour: Double,
        stabilityAbsoluteWattsPerHour: Double
    ) {
        self.deviceSampleHz = deviceSampleHz
        self.minSamples = minSamples
        self.maxGapFraction = maxGapFraction
        self.idleBaselineS = idleBaselineS
        self.subtractBaseline = subtractBaseline
        self.standbyS = standbyS
        self.standbyMinSamples = standbyMinSamples
        self.stabilityRelativePerHour = stabilityRelativePerHour
        self.stabilityAbsoluteWattsPerHour = stabilityAbsoluteWattsPerHour
    }

    static let keys: Set<String> = [
        "device_sample_hz", "min_samples", "max_gap_fraction", "idle_baseline_s", "subtract_baseline", "standby_s",
        "standby_min_samples", "stability",
    ]

    /// Parses the `energy` mapping of a mode.
    static func parse(_ field: YAMLField) throws(SuiteError) -> EnergyRules {
        let fields = try field.mapping(allowed: keys)
        let stabilityField = try fields.required("stability", in: field)
        let stability = try stabilityField.mapping(allowed: ["relative_per_hour", "absolute_w_per_hour"])
        let subtractField = try fields.required("subtract_baseline", in: field)
        let subtractText = try subtractField.string()
        guard let subtract = ["true": true, "false": false][subtractText] else {
            throw subtractField.fail("expected true or false")
        }
        let rules = EnergyRules(
            deviceSampleHz: try fields.required("device_sample_hz", in: field).int(),
            minSamples: try fields.required("min_samples", in: field).int(),
            maxGapFraction: try fields.required("max_gap_fraction", in: field).double(),
            idleBaselineS: try fields.required("idle_baseline_s", in: field).double(),
            subtractBaseline: subtract,
            standbyS: try fields.required("standby_s", in: field).double(),
            standbyMinSamples: try fields.required("standby_min_samples", in: field).int(),
            stabilityRelativePerHour: try stability.required("relative_per_hour", in: stabilityField).double(),
            stabilityAbsoluteWattsPerHour: try stability.required("absolute_w_per_hour", in: stabilityField).double())
        guard (1...10_000).contains(rules.deviceSampleHz) else { throw field.fail("device_sample_hz must be 1..10000") }
        guard rules.minSamples >= 2, rules.standbyMinSamples >= 2 else {
            throw field.fail("min_samples and standby_min_samples must be at least 2")
        }
        guard rules.maxGapFraction > 0, rules.maxGapFraction <= 1 else {
            throw field.fail("max_gap_fraction must be in (0, 1]")
        }
        guard rules.idleBaselineS >= 0, rules.standbyS >= 0 else { throw field.fail("durations must not be negative") }
        guard rules.stabilityRelativePerHour >= 0, rules.stabilityAbsoluteWattsPerHour >= 0 else {
            throw stabilityField.fail("limits must not be negative")
        }
        return rules
    }
}
