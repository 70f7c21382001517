import Foundation

/// The PTDaemon host's clock minus this host's (UTC wall clocks), measured as SPEC's harness does:
/// an untimed measurement (`Go,<interval>,0`), then `RL,1` several times, each sample's stamp
/// against the local time the request was sent and the reply arrived.
///
/// A sample's stamp closes its interval, so it became available at most one interval before the
/// request was sent and at the latest when the reply arrived: every exchange bounds the offset
/// from both sides, and the bounds of all exchanges are intersected.
struct PtdClockOffset: Sendable, Equatable {
    /// Daemon host minus this host, in ns.
    let offsetNs: Double
    /// Half the width of the bounds, in ns.
    let uncertaintyNs: Double
    /// When the measurement ended, on this host's monotonic clock.
    var measuredAtNs: Int64 = 0

    /// Measures on an idle connection (after `Reset`); leaves the measurement stopped.
    ///
    /// Exchanges alternate: one right after the previous reply (the daemon waits for the next
    /// sample, so the reply arrives as the sample closes: a tight lower bound) and one 1.9
    /// intervals later (the latest sample is then 0.9 interval old when asked for: a tight upper
    /// bound).
    static func measure(_ client: PtdClient, intervalMs: Int, exchanges: Int = 6) throws(MeterError) -> PtdClockOffset {
        try client.go(intervalMs: intervalMs, label: nil)
        let interval = Double(intervalMs) / 1000
        Thread.sleep(forTimeInterval: 2 * interval + 0.05)
        var lower = -Double.infinity
        var upper = Double.infinity
        let intervalNs = interval * 1e9
        for index in 0..<exchanges {
            if index > 0 && index % 2 == 0 { Thread.sleep(forTimeInterval: 1.9 * interval) }
            let sent = HostClock.wallUTCNs()
            let reply = try client.readSamples("1", maximumLines: 1)
            let received = HostClock.wallUTCNs()
            guard reply.problem == nil, let line = reply.lines.first, case .success(let entry) = PtdLogLine.parse(line)
            else {
                try? client.stop()
                throw MeterError(
                    .protocolViolation, "PTDaemon gave no readable sample to 'RL,1' while its clock offset was measured"
                )
            }
            lower = max(lower, Double(entry.timeNs - received))
            upper = min(upper, Double(entry.timeNs - sent) + intervalNs)
        }
        try client.stop()
        let now = HostClock.monotonicNs()
        if lower <= upper {
            return PtdClockOffset(offsetNs: (lower + upper) / 2, uncertaintyNs: (upper - lower) / 2, measuredAtNs: now)
        }
        // Inconsistent bounds (a daemon late with its samples): the middle, with the disagreement and an interval.
        return PtdClockOffset(
            offsetNs: (lower + upper) / 2, uncertaintyNs: (lower - upper) / 2 + intervalNs, measuredAtNs: now)
    }
}
