/// A workload's measured quality on every sample of its set, through the same code path as the
/// performance runs.
public struct AccuracyResult: Codable, Sendable, Equatable {
    /// One gate's outcome.
    public struct Gate: Codable, Sendable, Equatable {
        /// The gate's metric (`top1`, `mean-cosine`, …).
        public let metric: String
        /// The measured value (a fraction, or a mean cosine).
        public let value: Double
        /// The value the gate requires (from the suite).
        public let target: Double
        /// `value / target`.
        public let targetRatio: Double
    }

    /// One outcome per quality gate of the workload.
    public let gates: [Gate]
    /// Samples judged: every sample of the set, once.
    public let samples: Int
    /// Samples whose output had a NaN or infinite value (they count as wrong).
    public let nonFiniteSamples: Int

    /// The smallest ratio over the gates: at least 1 passes the quality gate.
    public var targetRatio: Double { gates.map(\.targetRatio).min() ?? 0 }
}
