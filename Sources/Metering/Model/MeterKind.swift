/// Where a meter sits relative to the device under test.
public enum MeterKind: String, Codable, Sendable, CaseIterable {
    /// A sensor read on the device itself (RAPL, hwmon, fuel gauge).
    case onDevice = "on-device"
    /// A lab instrument between the supply and the device (power analyzer, SMU).
    case external
    /// A model-based estimate, not a measurement; never qualifies for a certified figure.
    case softwareEstimate = "software-estimate"

    /// Whether figures from this kind of meter may back a certified energy verdict.
    public var isQualifying: Bool { self != .softwareEstimate }
}
