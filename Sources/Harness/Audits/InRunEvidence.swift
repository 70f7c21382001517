/// What the timed SingleStream returns for the audits inside it.
struct InRunEvidence: Sendable {
    /// One returned output: the query's position in the run, its sample index, the first output.
    struct Output: Sendable {
        let position: Int
        let sample: Int
        let values: [Double?]
    }

    /// Outputs of sampled queries of the workload's own samples.
    var sampled: [Output] = []
    /// Outputs of the novel queries (sample index at or above `baseCount`).
    var novel: [Output] = []
    /// Positions of the novel queries, increasing.
    var novelPositions: [Int] = []
    /// Every query latency, in issue order.
    var latencies: [UInt64] = []
    /// N: sample indices below are the workload's own samples.
    var baseCount = 0
    /// Revealed queries whose outputs do not hash to the digest the run committed (one sentence each,
    /// naming the position): the device changed its answer after the positions were drawn.
    var commitmentFailures: [String] = []
    /// Queries revealed and checked against their committed digests.
    var revealed = 0
}
