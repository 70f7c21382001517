/// The device's energy counters at one instant.
public struct EnergyReading: Codable, Sendable {
    /// One counter.
    public struct Source: Codable, Sendable {
        /// The counter's name (`rapl:package-0`, `battery`).
        public let name: String
        /// `energy_uj`, `power_uw`, ...
        public let kind: String
        /// The counter's value, in its kind's unit.
        public let value: Double
        /// Where the counter wraps around, when the kernel says.
        public let max: Double?
        /// Device CLOCK_MONOTONIC (ns) of the reading.
        public let tNs: UInt64
    }
    /// Every counter the agent could read.
    public let sources: [Source]
}
