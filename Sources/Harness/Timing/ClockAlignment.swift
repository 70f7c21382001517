/// Offset and drift between the harness clock and the device clock, estimated by NTP-style
/// exchanges at the start and at the end of a run (best round trip of each burst).
public struct ClockAlignment: Codable, Sendable, Equatable {
    /// Device minus host at the start, in nanoseconds.
    public let startOffsetNs: Double
    /// Device minus host at the end, in nanoseconds; absent until the end burst ran.
    public let endOffsetNs: Double?
    /// Drift in parts per million over the run; absent without an end burst.
    public let driftPpm: Double?
    /// Half the best round trip: the uncertainty of each offset, in nanoseconds.
    public let uncertaintyNs: Double
    /// Exchanges per burst.
    public let exchanges: Int

    /// Builds the alignment from a start burst and an optional end burst.
    public init?(start: [ClockSample], end: [ClockSample]?) {
        guard let bestStart = start.min(by: { $0.roundTripNs < $1.roundTripNs }) else { return nil }
        startOffsetNs = bestStart.offsetNs
        exchanges = start.count
        var uncertainty = Double(bestStart.roundTripNs) / 2
        if let end, let bestEnd = end.min(by: { $0.roundTripNs < $1.roundTripNs }) {
            endOffsetNs = bestEnd.offsetNs
            let elapsed = Double(bestEnd.hostSendNs &- bestStart.hostSendNs)
            driftPpm = elapsed > 0 ? (bestEnd.offsetNs - bestStart.offsetNs) / elapsed * 1e6 : nil
            uncertainty = max(uncertainty, Double(bestEnd.roundTripNs) / 2)
        } else {
            endOffsetNs = nil
            driftPpm = nil
        }
        uncertaintyNs = uncertainty
    }
}
