/// Tolerances and sizes of the measurement-integrity audits (run-rule data, never code).
public struct AuditRules: Codable, Sendable, Equatable {
    /// Share of performance-run queries whose outputs are returned and compared (TEST01).
    public let outputSampleFraction: Double
    /// At most this many sampled outputs per scenario.
    public let outputSampleMax: Int
    /// Largest relative difference allowed between a sampled output and the accuracy run's.
    public let outputTolerance: Double
    /// Queries of the replay (one sample repeated) and of the novel-input runs.
    public let auditQueries: Int
    /// How much faster (fraction) a replayed sample may be than distinct samples (TEST04).
    public let replayMaxSpeedup: Double
    /// How much faster (fraction) the benchmark's samples may be than novel inputs.
    public let novelMaxSpeedup: Double
    /// How far (fraction) the alternate-seed p90 may be from the main run's (TEST05).
    public let alternateSeedTolerance: Double
}
