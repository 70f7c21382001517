import Foundation

/// How the outputs-match audit (TEST01) sampled the timed SingleStream, and what it could miss.
public struct OutputSampling: Codable, Sendable, Equatable {
    /// The chance that a backend returning wrong outputs for a random fraction of the queries
    /// (`degradedFraction`) has none of them sampled: `(1 - f)^sampled`.
    public struct Miss: Codable, Sendable, Equatable {
        /// The share of wrong outputs assumed (f).
        public let degradedFraction: Double
        /// The chance that none of them was sampled.
        public let missProbability: Double
    }

    /// Outputs compared, and the queries of the run they were drawn from.
    public let sampled: Int
    /// Queries of the timed run the sample was drawn from.
    public let queries: Int
    /// Positions (0-based) of the first and last sampled query: the sample spans the whole run.
    public let firstPosition: Int?
    /// Position (0-based) of the last sampled query.
    public let lastPosition: Int?
    /// The miss probability at each degraded fraction the run rules name (`miss_probability_at`).
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
