/// MLPerf LoadGen's early-stopping estimate of a latency percentile (Docs/methodology-sources.md).
///
/// With `t` queries over the estimate, `h(t)` is the smallest number of queries under it such that
/// the binomial CDF F(t; h + t, 1 − p) ≤ 1 − c. A run of q queries supports the largest t with
/// h(t) + t ≤ q; the estimate drops the t − 1 slowest queries and reports the next highest latency.
public struct EarlyStopping: Sendable, Equatable {
    /// The percentile, as a fraction (0.90 for p90).
    public let percentile: Double
    /// The confidence, as a fraction (MLPerf: 0.99).
    public let confidence: Double

    /// SingleStream's p90 (MLPerf's SingleStream figure).
    public static let singleStream = EarlyStopping(percentile: 0.90)
    /// MultiStream's p99 (MLPerf's MultiStream figure).
    public static let multiStream = EarlyStopping(percentile: 0.99)
    /// Server's p99 at each tested rate (MLPerf's Server latency bound).
    public static let server = EarlyStopping(percentile: 0.99)
    /// The LLM workload's time-to-first-token p90 (LAT-03).
    public static let timeToFirstToken = EarlyStopping(percentile: 0.90)

    public init(percentile: Double, confidence: Double = 0.99) {
        self.percentile = percentile
        self.confidence = confidence
    }

    /// The smallest number of under-bound queries that proves the percentile with `overBound` queries over it.
    public func minimumUnderBound(overBound t: Int) -> Int {
        let tail = 1 - percentile
        let limit = 1 - confidence
        var low = 1
        var high = 1
        while Binomial.cdf(k: t, n: high + t, p: tail) > limit {
            low = high + 1
            high *= 2
        }
        while low < high {
            let mid = (low + high) / 2
            if Binomial.cdf(k: t, n: mid + t, p: tail) <= limit { high = mid } else { low = mid + 1 }
        }
        return high
    }

    /// The fewest queries that allow an estimate with `t` queries over the bound.
    public func minimumQueries(overBound t: Int) -> Int {
        minimumUnderBound(overBound: t) + t
    }

    /// The t a run of `queries` queries supports: the largest t with h(t) + t ≤ queries, or 0
    /// when the run is too short for any estimate. The estimate is then the t-th largest latency.
    public func overBound(queries count: Int) -> Int {
        guard count >= minimumQueries(overBound: 1) else { return 0 }
        // h(t) + t grows with t: double, then bisect.
        var low = 1
        var high = 1
        while minimumQueries(overBound: high * 2) <= count { high *= 2 }
        low = high
        high *= 2
        while low + 1 < high {
            let mid = (low + high) / 2
            if minimumQueries(overBound: mid) <= count { low = mid } else { high = mid }
        }
        return low
    }

    /// Whether `t` is the t a run of `queries` queries supports (``overBound(queries:)``), with two
    /// binomial CDFs instead of a search: how a verifier checks a stated t quickly. The CDF falls
    /// as trials are added, so h(t) + t ≤ n exactly when F(t; n, 1 − p) ≤ 1 − c.
    public func supports(overBound t: Int, queries count: Int) -> Bool {
        guard t >= 0 else { return false }
        func fits(_ t: Int) -> Bool { Binomial.cdf(k: t, n: count, p: 1 - percentile) <= 1 - confidence }
        return (t == 0 || fits(t)) && !fits(t + 1)
    }

    /// The estimate for `latencies`, or the number of queries still needed when the run is too short.
    public func estimate(latenciesNs: [UInt64]) -> EarlyStoppingResult {
        let count = latenciesNs.count
        let t = overBound(queries: count)
        guard t > 0 else {
            return EarlyStoppingResult(
                percentile: percentile, confidence: confidence, queries: count, valid: false, overBound: 0,
                estimateNs: nil, queriesNeeded: minimumQueries(overBound: 1) - count)
        }
        let sorted = latenciesNs.sorted(by: >)
        return EarlyStoppingResult(
            percentile: percentile, confidence: confidence, queries: count, valid: true, overBound: t,
            estimateNs: sorted[t - 1], queriesNeeded: 0)
    }
}
