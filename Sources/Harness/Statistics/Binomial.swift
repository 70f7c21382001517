import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binomial distribution helpers, computed in log space so large counts stay exact enough.
enum Binomial {
    /// P(X <= k) for X ~ Binomial(n, p).
    static func cdf(k: Int, n: Int, p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        let logP = log(p)
        let logQ = log1p(-p)
        let logNFact = logGamma(Double(n) + 1)
        var terms: [Double] = []
        terms.reserveCapacity(k + 1)
        for i in 0...k {
            let logChoose = logNFact - logGamma(Double(i) + 1) - logGamma(Double(n - i) + 1)
            terms.append(logChoose + Double(i) * logP + Double(n - i) * logQ)
        }
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
