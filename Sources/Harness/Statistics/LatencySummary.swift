/// Exact order statistics of a set of latencies (sorted, nearest rank — no approximation).
public struct LatencySummary: Codable, Sendable, Equatable {
    /// Latencies summarised.
    public let count: Int
    /// The smallest, ms.
    public let minMs: Double
    /// The mean, ms.
    public let meanMs: Double
    /// The median (nearest rank), ms.
    public let p50Ms: Double
    /// The 90th percentile (nearest rank), ms.
    public let p90Ms: Double
    /// The 99th percentile (nearest rank), ms.
    public let p99Ms: Double
    /// The largest, ms.
    public let maxMs: Double

    /// Summarizes `latenciesNs`; `nil` when empty.
    public init?(latenciesNs: [UInt64]) {
        guard !latenciesNs.isEmpty else { return nil }
        let sorted = latenciesNs.sorted()
        func rank(_ p: Double) -> Double {
            let index = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return Double(sorted[max(0, min(sorted.count - 1, index))]) / 1e6
        }
        count = sorted.count
        minMs = Double(sorted[0]) / 1e6
        maxMs = Double(sorted[sorted.count - 1]) / 1e6
        meanMs = sorted.reduce(0.0) { $0 + Double($1) } / Double(sorted.count) / 1e6
        p50Ms = rank(0.50)
        p90Ms = rank(0.90)
        p99Ms = rank(0.99)
    }
}
