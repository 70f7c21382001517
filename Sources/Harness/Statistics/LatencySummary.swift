/// Exact order statistics of a set of latencies (sorted, nearest rank — no approximation).
public struct LatencySummary: Codable, Sendable, Equatable {
    public let count: Int
    public let minMs: Double
    public let meanMs: Double
    public let p50Ms: Double
    public let p90Ms: Double
    public let p99Ms: Double
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
