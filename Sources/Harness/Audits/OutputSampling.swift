import Foundation

/// How the outputs-match audit (TEST01) sampled the timed SingleStream, and what it could miss.
public struct OutputSampling: Codable, Sendable, Equatable {
    /// The chance that a backend returning wrong outputs for a random fraction of the queries
    /// (`degradedFraction`) has none of them sampled: `(1 - f)^sampled`.
    public struct Miss: Codable, Sendable, Equatable {
        public let degradedFraction: Double
        public let missProbability: Double
    }

    /// Outputs compared, and the queries of the run they were drawn from.
    public let sampled: Int
    public let queries: Int
    /// Positions (0-based) of the first and last sampled query: the sample spans the whole run.
    public let firstPosition: Int?
    public let lastPosition: Int?
    public let misses: [Miss]

    init(sampled: Int, queries: Int, positions: [Int], fractions: [Double]) {
        self.sampled = sampled
        self.queries = queries
        firstPosition = positions.min()
        lastPosition = positions.max()
        var misses: [Miss] = []
        for fraction in fractions {
            misses.append(
                Miss(degradedFraction: fraction, missProbability: Self.missProbability(fraction, sampled: sampled)))
        }
        self.misses = misses
    }

    /// `(1 - f)^n`: no sampled query among the degraded ones.
    static func missProbability(_ fraction: Double, sampled: Int) -> Double {
        Foundation.pow(1 - fraction, Double(sampled))
    }
}
