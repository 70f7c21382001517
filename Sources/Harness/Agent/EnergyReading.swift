/// The device's energy counters at one instant.
public struct EnergyReading: Codable, Sendable {
    /// One counter.
    public struct Source: Codable, Sendable {
        public let name: String
        /// `energy_uj`, `power_uw`, ...
        public let kind: String
        public let value: Double
        public let max: Double?
        public let tNs: UInt64
    }
    public let sources: [Source]
}
