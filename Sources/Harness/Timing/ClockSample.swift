/// One NTP-style exchange: harness time before and after asking the device for its clock.
public struct ClockSample: Codable, Sendable, Equatable {
    /// Harness CLOCK_MONOTONIC (ns) when the request was sent.
    public let hostSendNs: UInt64
    /// The device's CLOCK_MONOTONIC (ns) as the agent read it.
    public let deviceNs: UInt64
    /// Harness CLOCK_MONOTONIC (ns) when the answer arrived.
    public let hostReceiveNs: UInt64

    /// Round-trip time of the exchange.
    public var roundTripNs: UInt64 { hostReceiveNs &- hostSendNs }

    /// Device clock minus host clock at the exchange's midpoint, in nanoseconds.
    public var offsetNs: Double {
        Double(deviceNs) - (Double(hostSendNs) + Double(roundTripNs) / 2)
    }
}
