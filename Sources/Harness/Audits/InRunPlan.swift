/// What the timed SingleStream carries for the audits inside it: where its outputs are sampled
/// (TEST01, spread over the whole run at a secret rate-limited random) and which queries are novel
/// inputs (TEST04-style, interleaved at secret random positions).
struct InRunPlan: Sendable {
    /// The combined sample set (workload samples, then novel inputs); nil when none fit.
    let samples: TimedSampleSet?
    /// Seeds of the output picker and of the novel positions (RunSeeds: output-sampling, interleave).
    let outputSeed: UInt64
    let interleaveSeed: UInt64
    /// Outputs to sample over the expected run, and the highest per-query rate.
    let outputTarget: Int
    let outputMaxRate: Double
    /// The highest share of queries that may be novel.
    let novelMaxShare: Double
    /// The fewest novel inputs the audit judges on: the timed run goes on past its minimums (up to
    /// its time cap) until that many have been served, so a slow model's short run is not left
    /// without a verdict.
    let novelMinQueries: Int
}
