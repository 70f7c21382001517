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
    }

    public let count: Int
    public let runBeginNs: UInt64
    public let runEndNs: UInt64
    public let startNs: [UInt64]
    public let endNs: [UInt64]
    /// The accelerator that actually ran the queries.
    public let accelerator: String
    /// How often the backend reported a different accelerator during the run.
    public let acceleratorChanges: Int
    public let outputs: [SampleOutput]?

    /// Latency of every query in nanoseconds.
    public var latenciesNs: [UInt64] {
        zip(startNs, endNs).map { $1 >= $0 ? $1 - $0 : 0 }
    }

    /// Device time from the first issue to the last completion, in seconds.
    public var durationSeconds: Double {
        Double(runEndNs &- runBeginNs) / 1e9
    }
}
