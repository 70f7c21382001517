/// One NTP-style exchange: harness time before and after asking the device for its clock.
public struct ClockSample: Codable, Sendable, Equatable {
    public let hostSendNs: UInt64
    public let deviceNs: UInt64
    public let hostReceiveNs: UInt64

    /// Round-trip time of the exchange.
    public var roundTripNs: UInt64 { hostReceiveNs &- hostSendNs }

    /// Device clock minus host clock at the exchange's midpoint, in nanoseconds.
    public var offsetNs: Double {
        Double(deviceNs) - (Double(hostSendNs) + Double(roundTripNs) / 2)
    }
}
