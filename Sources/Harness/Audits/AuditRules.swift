/// Tolerances and sizes of the measurement-integrity audits (run-rule data, never code).
public struct AuditRules: Codable, Sendable, Equatable {
    /// Highest share of timed queries whose outputs are returned and compared (TEST01).
    public let outputSampleFraction: Double
    /// Outputs to sample, spread over the whole expected run (at most twice this many).
    public let outputSampleMax: Int
    /// Largest relative difference allowed between a sampled output and the accuracy run's.
    public let outputTolerance: Double
    /// Queries of the replay (one sample repeated) and of the alternate-seed blocks.
    public let auditQueries: Int
    /// How much faster (fraction) a replayed sample may be than distinct samples (TEST04).
    public let replayMaxSpeedup: Double
    /// How much faster (fraction) the measured queries may be than the novel inputs around them.
    public let novelMaxSpeedup: Double
    /// How far (fraction) the alternate-seed p90 may be from the main run's (TEST05).
    public let alternateSeedTolerance: Double
    /// Of the eight rounds, how many must show the alternate seed off the run's (past the
    /// tolerance, on the side of the pooled difference) for the alternate-seed audit to fail.
    public let alternateSeedRoundsMin: Int
    /// Novel inputs to interleave into the timed SingleStream, each used once.
    public let novelQueries: Int
    /// The fewest novel inputs the timed run must hold for the novel-input audit to judge.
    public let novelMinQueries: Int
    /// Highest share of timed queries that may be novel.
    public let novelMaxShare: Double
    /// Memory the novel inputs may take on the device, MB.
    public let novelMaxMegabytes: Double
    /// Lowest share of novel inputs whose top-1 must equal that of the sample they perturb.
    public let novelAgreementMin: Double
    /// The largest device noise (relative) a timed audit widens its allowance by; above it the
    /// audit is inconclusive, never given a wider pass.
    public let noiseCap: Double
    /// Degraded fractions f at which the report states the outputs-match audit's miss probability.
    public let missProbabilityAt: [Double]
    /// How much slower (fraction) the last window of the continuous run may be than the p90 the
    /// latency clauses judge: a figure that does not hold under sustained load misrepresents the device.
    public let sustainedMaxSlowdown: Double

    /// Rules with every tolerance and size given (the run rules file's `audits` block).
    public init(
        outputSampleFraction: Double, outputSampleMax: Int, outputTolerance: Double, auditQueries: Int,
        replayMaxSpeedup: Double, novelMaxSpeedup: Double, alternateSeedTolerance: Double, novelQueries: Int,
        novelMinQueries: Int, novelMaxShare: Double, novelMaxMegabytes: Double, novelAgreementMin: Double,
        noiseCap: Double, missProbabilityAt: [Double], sustainedMaxSlowdown: Double, alternateSeedRoundsMin: Int
    ) {
        self.outputSampleFraction = outputSampleFraction
        self.outputSampleMax = outputSampleMax
        self.outputTolerance = outputTolerance
        self.auditQueries = auditQueries
        self.replayMaxSpeedup = replayMaxSpeedup
        self.novelMaxSpeedup = novelMaxSpeedup
        self.alternateSeedTolerance = alternateSeedTolerance
        self.alternateSeedRoundsMin = alternateSeedRoundsMin
        self.novelQueries = novelQueries
        self.novelMinQueries = novelMinQueries
        self.novelMaxShare = novelMaxShare
        self.novelMaxMegabytes = novelMaxMegabytes
        self.novelAgreementMin = novelAgreementMin
        self.noiseCap = noiseCap
        self.missProbabilityAt = missProbabilityAt
        self.sustainedMaxSlowdown = sustainedMaxSlowdown
    }
}
