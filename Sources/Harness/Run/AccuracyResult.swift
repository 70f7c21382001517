/// A workload's measured quality on every sample of its set, through the same code path as the
/// performance runs.
public struct AccuracyResult: Codable, Sendable, Equatable {
    /// One gate's outcome.
    public struct Gate: Codable, Sendable, Equatable {
        public let metric: String
        /// The measured value (a fraction, or a mean cosine).
        public let value: Double
        public let target: Double
        /// `value / target`.
        public let targetRatio: Double
    }

    public let gates: [Gate]
    public let samples: Int
    /// Samples whose output had a NaN or infinite value (they count as wrong).
    public let nonFiniteSamples: Int

    /// The smallest ratio over the gates: at least 1 passes the quality gate.
    public var targetRatio: Double { gates.map(\.targetRatio).min() ?? 0 }
}
