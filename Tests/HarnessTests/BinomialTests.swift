import Foundation
import Testing

@testable import Harness

/// The binomial CDF skips the terms that add exactly 0; its value must stay bit for bit the full
/// sum's, since a verifier re-derives early-stopping estimates with it and compares exactly.
struct BinomialTests {
    /// The full sum over every i = 0…k, as the CDF was computed before terms were skipped.
    static func fullSum(k: Int, n: Int, p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        let logP = log(p)
        let logQ = log1p(-p)
        let logNFact = Binomial.logGamma(Double(n) + 1)
        var terms: [Double] = []
        for i in 0...k {
            let logChoose = logNFact - Binomial.logGamma(Double(i) + 1) - Binomial.logGamma(Double(n - i) + 1)
            terms.append(logChoose + Double(i) * logP + Double(n - i) * logQ)
        }
        let maxTerm = terms.max() ?? 0
        let sum = terms.reduce(0) { $0 + exp($1 - maxTerm) }
        return min(1, exp(maxTerm + log(sum)))
    }

    static let tails = [0.001, 0.01, 0.1, 0.3, 0.5, 0.9, 0.99]

    @Test("every k of every n up to 120, and both values of the pair, equal the full sum bit for bit")
    func smallCountsExactly() {
        for p in Self.tails {
            for n in 1...120 {
                for k in -1...(n + 1) {
                    let full = Self.fullSum(k: k, n: n, p: p)
                    #expect(Binomial.cdf(k: k, n: n, p: p).bitPattern == full.bitPattern, "k \(k) n \(n) p \(p)")
                    let pair = Binomial.cdfs(k: k, n: n, p: p)
                    #expect(pair.atK.bitPattern == full.bitPattern, "k \(k) n \(n) p \(p)")
                    #expect(pair.atNext.bitPattern == Self.fullSum(k: k + 1, n: n, p: p).bitPattern)
                }
            }
        }
    }

    @Test(
        "where terms are skipped, k across the whole range equals the full sum bit for bit",
        arguments: [(3000, 0.5), (10_000, 0.1), (200_000, 0.01), (20_000, 0.9)])
    func skippingExactly(n: Int, p: Double) {
        let mode = Int(Double(n + 1) * p)
        let ks = Array(stride(from: 0, through: n, by: n / 80)) + Array((mode - 4)...(mode + 4))
        var skipped = false
        for k in ks {
            let full = Self.fullSum(k: k, n: n, p: p)
            #expect(Binomial.cdf(k: k, n: n, p: p).bitPattern == full.bitPattern, "k \(k) n \(n) p \(p)")
            let pair = Binomial.cdfs(k: k, n: n, p: p)
            #expect(pair.atK.bitPattern == full.bitPattern && pair.atNext == Self.fullSum(k: k + 1, n: n, p: p))
            skipped = skipped || (k < n && Binomial.terms(through: k, largestFrom: k, n: n, p: p).count < k + 1)
        }
        #expect(skipped, "terms were skipped for some k of n \(n)")
    }

    @Test(
        "large runs (the verifier's t of p90/p99, far below and above the mode) equal the full sum",
        arguments: [(553_157, 0.1), (107_569, 0.01), (1_000_000, 0.1), (20_000, 0.5)])
    func largeCountsExactly(n: Int, p: Double) {
        let t = EarlyStopping(percentile: 1 - p).overBound(queries: n)
        for k in [t - 2, t - 1, t, t + 1, t + 2, 10, n / 3, Int(Double(n) * p) + 50, n - 5] where k >= 0 {
            let full = Self.fullSum(k: k, n: n, p: p)
            #expect(Binomial.cdf(k: k, n: n, p: p).bitPattern == full.bitPattern, "k \(k) n \(n) p \(p)")
            let pair = Binomial.cdfs(k: k, n: n, p: p)
            #expect(pair.atK.bitPattern == full.bitPattern && pair.atNext == Self.fullSum(k: k + 1, n: n, p: p))
        }
        // The verifier's p90 check of the registry benchmark's reports (553,157 queries): a sixth of the terms.
        if n == 553_157 {
            #expect(Binomial.terms(through: t + 1, largestFrom: t, n: n, p: p).count * 5 < t)
        }
    }
}
