import Foundation

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

    /// An estimator of the `percentile` latency bound held with `confidence`.
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
    ///
    /// h(t) + t ≤ n exactly when F(t; n, 1 − p) ≤ 1 − c (``supports(overBound:queries:)``), and F
    /// rises with t, so one pass over t = 0, 1, 2, … adds the binomial terms until F passes 1 − c:
    /// O(t) work. (Searching h(t) for every probed t cost O(t log² n) CDF terms — minutes of harness
    /// time per 20-million-query digits run, during which the device sat idle.) The pass's answer is
    /// then confirmed with the two CDFs a verifier computes, so both always agree.
    public func overBound(queries count: Int) -> Int {
        let tail = 1 - percentile
        let limit = 1 - confidence
        guard count > 0, tail > 0, tail < 1 else { return 0 }
        let n = Double(count)
        let logP = log(tail)
        let logQ = log1p(-tail)
        let logNFact = Binomial.logGamma(n + 1)
        var candidate = 0
        var previous = 0.0
        var scaled = 0.0  // the sum of exp(term_i − term_k) over i ≤ k
        for k in 0..<count {
            let x = Double(k)
            let term = logNFact - Binomial.logGamma(x + 1) - Binomial.logGamma(n - x + 1) + x * logP + (n - x) * logQ
            scaled = k == 0 ? 1 : scaled * exp(previous - term) + 1
            previous = term
            if term + log(scaled) > log(limit) { break }
            candidate = k
        }
        func fits(_ t: Int) -> Bool { t < count && Binomial.cdf(k: t, n: count, p: tail) <= limit }
        while candidate > 0 && !fits(candidate) { candidate -= 1 }
        while fits(candidate + 1) { candidate += 1 }
        return candidate
    }

    /// Whether `t` is the t a run of `queries` queries supports (``overBound(queries:)``), with two
    /// binomial CDFs instead of a search: how a verifier checks a stated t quickly. The CDF falls
    /// as trials are added, so h(t) + t ≤ n exactly when F(t; n, 1 − p) ≤ 1 − c.
    public func supports(overBound t: Int, queries count: Int) -> Bool {
        guard t >= 0 else { return false }
        // F(t) and F(t + 1) share their terms: computed once (``Binomial/cdfs(k:n:p:)``).
        let (atT, afterT) = Binomial.cdfs(k: t, n: count, p: 1 - percentile)
        return (t == 0 || atT <= 1 - confidence) && !(afterT <= 1 - confidence)
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
