/// The outcome of an early-stopping estimate.
public struct EarlyStoppingResult: Codable, Sendable, Equatable {
    /// The percentile estimated (0.90 for p90).
    public let percentile: Double
    /// The confidence the bound holds with (0.99).
    public let confidence: Double
    /// Queries in the run.
    public let queries: Int
    /// Whether the run was long enough for any estimate.
    public let valid: Bool
    /// The t the run supports (queries allowed over the estimate).
    public let overBound: Int
    /// The estimate, in nanoseconds; absent when invalid.
    public let estimateNs: UInt64?
    /// How many more queries the run needed; 0 when valid.
    public let queriesNeeded: Int
}
