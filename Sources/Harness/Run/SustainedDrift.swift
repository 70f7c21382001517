/// Thermal/sustained performance over one continuous SingleStream run: p90 of the first window
/// of queries against p90 of the last (LAT-04).
public struct SustainedDrift: Codable, Sendable, Equatable {
    /// p90 latency of the first window of the continuous run, ms.
    public let firstP90Ms: Double
    /// p90 latency of the last window of the continuous run, ms.
    public let lastP90Ms: Double
    /// (last − first) / first, percent; negative when the device got faster.
    public let driftPercent: Double
    /// Queries in each window.
    public let windowQueries: Int
    /// Length of the continuous run, seconds (device clock).
    public let durationS: Double
    /// Share of the run the device spent inside queries (sum of latencies over the duration): the
    /// rest is the harness's gaps between requests, so the load was not fully continuous.
    public var busyFraction: Double? = nil
    /// Whether the run was long enough for the mode's rules.
    public let valid: Bool
    /// Why the run is not valid, when it is not.
    public let note: String?

    /// Computes the drift of `latencies` (in issue order) with windows of `fraction` of the queries.
    static func measure(latencies: [UInt64], durationS: Double, rules: ModeRules.Sustained) -> SustainedDrift? {
        let window = Int(Double(latencies.count) * rules.windowFraction)
        guard window >= 10 else { return nil }
        let first = AuditRun.percentile(Array(latencies.prefix(window)), 0.90) / 1e6
        let last = AuditRun.percentile(Array(latencies.suffix(window)), 0.90) / 1e6
        let valid = durationS >= rules.minDurationS
        var drift = SustainedDrift(
            firstP90Ms: first, lastP90Ms: last, driftPercent: first > 0 ? (last - first) / first * 100 : 0,
            windowQueries: window, durationS: durationS, valid: valid,
            note: valid
                ? nil
                : "a \(Int(durationS)) s run is shorter than the \(Int(rules.minDurationS)) s the mode requires for a sustained figure"
        )
        if durationS > 0 { drift.busyFraction = min(1, latencies.reduce(0.0) { $0 + Double($1) } / 1e9 / durationS) }
        return drift
    }
}
