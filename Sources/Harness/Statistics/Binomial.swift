import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binomial distribution helpers, computed in log space so large counts stay exact enough.
enum Binomial {
    /// P(X <= k) for X ~ Binomial(n, p): the terms log P(X = i), i = 0…k, summed as
    /// exp(term − largest) in ascending order, then exp(largest + log(sum)).
    ///
    /// Terms far below the largest are not computed: below the mode the terms fall as i falls
    /// (the distribution is unimodal), so once a term below the mode is more than 800 under the
    /// largest, every smaller i gives exp(term − largest) = 0 exactly (exp underflows to 0 below
    /// −745.2), and adding those zeros first leaves the sum 0 — the result is bit for bit the full
    /// sum's (`BinomialTests` compares with the full sum), at a fraction of the lgamma calls: a
    /// p90 over 550,000 queries sums ~9,000 terms instead of 55,000.
    static func cdf(k: Int, n: Int, p: Double) -> Double {
        if let bound = bound(k: k, n: n, p: p) { return bound }
        return total(terms(through: k, largestFrom: k, n: n, p: p)[...])
    }

    /// P(X <= k) and P(X <= k + 1), each bit for bit what ``cdf(k:n:p:)`` gives, computing every
    /// log term once (a verifier checks a stated t with both).
    static func cdfs(k: Int, n: Int, p: Double) -> (atK: Double, atNext: Double) {
        guard bound(k: k, n: n, p: p) == nil, bound(k: k + 1, n: n, p: p) == nil else {
            return (cdf(k: k, n: n, p: p), cdf(k: k + 1, n: n, p: p))
        }
        let ascending = terms(through: k + 1, largestFrom: k, n: n, p: p)
        return (total(ascending.dropLast()), total(ascending[...]))
    }

    /// The CDF where it is 0 or 1 without a sum.
    private static func bound(k: Int, n: Int, p: Double) -> Double? {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        return nil
    }

    /// log P(X = i) for i from some i0 up to `top`, ascending, where every i below i0 has a term
    /// more than 800 below the largest term at or below `k` (≤ `top`), so it would add exactly 0.
    static func terms(through top: Int, largestFrom k: Int, n: Int, p: Double) -> [Double] {
        let logP = log(p)
        let logQ = log1p(-p)
        let logNFact = logGamma(Double(n) + 1)
        // The terms rise strictly while i < (n + 1)p − 1; mode − 2 stays below it even if the
        // product is rounded up.
        let rising = Int((Double(n + 1) * p).rounded(.down)) - 2
        var descending: [Double] = []
        var largest = -Double.infinity
        var i = top
        while i >= 0 {
            let logChoose = logNFact - logGamma(Double(i) + 1) - logGamma(Double(n - i) + 1)
            let term = logChoose + Double(i) * logP + Double(n - i) * logQ
            descending.append(term)
            if i <= k { largest = max(largest, term) }
            if i <= rising && term < largest - 800 { break }
            i -= 1
        }
        return descending.reversed()
    }

    /// exp(largest + log(Σ exp(term − largest))), capped at 1, summed in the order given.
    private static func total(_ terms: ArraySlice<Double>) -> Double {
        let maxTerm = terms.max() ?? 0
        let sum = terms.reduce(0) { $0 + exp($1 - maxTerm) }
        return min(1, exp(maxTerm + log(sum)))
    }

    static func logGamma(_ x: Double) -> Double {
        #if canImport(Glibc)
        return Glibc.lgamma(x)
        #else
        return Darwin.lgamma(x)
        #endif
    }
}
