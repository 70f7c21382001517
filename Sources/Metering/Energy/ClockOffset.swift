/// Device clock minus meter-host clock, with its uncertainty, in nanoseconds.
///
/// The harness fills it from its `ClockAlignment` (`startOffsetNs`, `uncertaintyNs`) when the meter
/// is read on the harness host, or uses ``ClockOffset/sameClock`` for on-device counters.
public struct ClockOffset: Codable, Sendable, Equatable {
    /// Device minus meter host, in nanoseconds.
    public let deviceMinusHostNs: Double
    /// Uncertainty of that offset, in nanoseconds.
    public let uncertaintyNs: Double

    /// Creates an offset.
    public init(deviceMinusHostNs: Double, uncertaintyNs: Double) {
        self.deviceMinusHostNs = deviceMinusHostNs
        self.uncertaintyNs = uncertaintyNs
    }

    /// Samples already stamped on the device clock.
    public static let sameClock = ClockOffset(deviceMinusHostNs: 0, uncertaintyNs: 0)

    /// A device-clock time mapped onto the meter host's clock.
    public func hostTime(ofDeviceNs deviceNs: Int64) -> Double {
        Double(deviceNs) - deviceMinusHostNs
    }
}
