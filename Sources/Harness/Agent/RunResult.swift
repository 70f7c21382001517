/// What the agent measured for one `run`: per-query issue and completion times on its clock.
public struct RunResult: Codable, Sendable {
    /// Outputs of one sample.
    public struct SampleOutput: Codable, Sendable {
        /// Query position in the schedule.
        public let query: Int
        /// Sample index in the set.
        public let sample: Int
        /// Every model output, flattened; `nil` where the output was NaN or infinite.
        public let values: [String: [Double?]]
        /// Shape of each output as the backend filled it (protocol 1 addition; nil from older agents).
        public let shapes: [String: [Int]]?
        /// Element type of each output as the backend filled it.
        public let dtypes: [String: String]?
    }

    /// Queries completed.
    public let count: Int
    /// Device CLOCK_MONOTONIC (ns) when the run started.
    public let runBeginNs: UInt64
    /// Device CLOCK_MONOTONIC (ns) when the last query completed.
    public let runEndNs: UInt64
    /// Device CLOCK_MONOTONIC (ns) at which each query was issued.
    public let startNs: [UInt64]
    /// Device CLOCK_MONOTONIC (ns) at which each query completed.
    public let endNs: [UInt64]
    /// The accelerator that actually ran the queries.
    public let accelerator: String
    /// How often the backend reported a different accelerator during the run.
    public let acceleratorChanges: Int
    /// How the backend split the runs between units; nil when the backend does not say.
    public let acceleratorBreakdown: AcceleratorBreakdown?
    /// The outputs asked for; nil when none were.
    public let outputs: [SampleOutput]?
    /// With `output_digests`: one SHA-256 (hex) per query over its outputs, committed before any
    /// position is revealed; the bytes the agent keeps for `reveal`, and its cap.
    public let outputDigests: [String]?
    /// With `output_digests`: the output bytes the agent kept for a later `reveal`.
    public let retainedBytes: Int?
    /// With `output_digests`: the most output bytes the agent keeps for `reveal` (the harness sizes
    /// its chunks to half of it).
    public let retainMaxBytes: Int?

    /// Latency of every query in nanoseconds.
    public var latenciesNs: [UInt64] {
        zip(startNs, endNs).map { $1 >= $0 ? $1 - $0 : 0 }
    }

    /// Device time from the first issue to the last completion, in seconds.
    public var durationSeconds: Double {
        Double(runEndNs &- runBeginNs) / 1e9
    }
}
