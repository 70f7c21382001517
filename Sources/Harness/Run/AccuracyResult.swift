/// A workload's measured quality on every sample of its set, through the same code path as the
/// performance runs.
public struct AccuracyResult: Codable, Sendable, Equatable {
    public let metric: String
    /// The measured value (e.g. top-1 accuracy as a fraction).
    public let value: Double
    public let target: Double
    /// `value / target`: at least 1 passes the quality gate.
    public let targetRatio: Double
    public let samples: Int
    public let correct: Int
}
