/// What the LLM workload measured: every generation the agent timed on its own clock, and the
/// figures LAT-03 reads (time to first token p90, decode tokens per second).
public struct GenerateResult: Codable, Sendable, Equatable {
    /// One prompt's greedy generation, as the agent timed it.
    public struct Generation: Codable, Sendable, Equatable {
        /// Prompt index in the prompt files.
        public let prompt: Int
        /// Generated token ids: the prefill's choice, then one per decode step.
        public let tokens: [Int]
        /// Prefill start to the first token chosen, in nanoseconds.
        public let ttftNs: UInt64
        /// Each decode step (token in, next token chosen, cache handed back), in nanoseconds.
        public let stepNs: [UInt64]

        /// A generation as the agent reported it.
        public init(prompt: Int, tokens: [Int], ttftNs: UInt64, stepNs: [UInt64]) {
            self.prompt = prompt
            self.tokens = tokens
            self.ttftNs = ttftNs
            self.stepNs = stepNs
        }
    }

    /// Tokens of the prompts (the first generated position).
    public let promptLength: Int
    /// Tokens generated per prompt.
    public let newTokens: Int
    /// Seed of the prompt order of the timed generations.
    public let seed: UInt64
    /// Untimed pass: every prompt once, in order (its tokens are the outputs-match audit's baseline).
    public let accuracy: [Generation]
    /// Timed generations, prompts drawn with replacement from the seed.
    public let timed: [Generation]
    /// Device time of the timed generations, in seconds.
    public let durationS: Double
    /// The run rules' minimums were met.
    public let valid: Bool
    /// Why the run rules' minimums were not met, one sentence each; empty when valid.
    public let validityNotes: [String]
    /// Early-stopping p90 (c = 0.99) of the timed generations' time to first token.
    public let ttft: EarlyStoppingResult
    /// Exact order statistics of the time to first token.
    public let ttftSummary: LatencySummary?
    /// Exact order statistics of the decode step time.
    public let stepSummary: LatencySummary?
    /// The accelerator the backend reported, and how often it changed.
    public let accelerator: String
    /// How often the reported accelerator changed between generations.
    public let acceleratorChanges: Int

    /// Decode steps over their summed device time (the first token belongs to the TTFT); nil if none.
    public var decodeTokensPerSecond: Double? {
        let steps = timed.flatMap(\.stepNs)
        let total = steps.reduce(UInt64(0), +)
        return steps.isEmpty || total == 0 ? nil : Double(steps.count) / (Double(total) / 1e9)
    }

    /// TTFT p90 in seconds (the early-stopping estimate); nil when the run was too short for one.
    public var ttftP90Seconds: Double? { ttft.estimateNs.map { Double($0) / 1e9 } }

    /// Tokens generated in the timed generations.
    public var timedTokens: Int { timed.reduce(0) { $0 + $1.tokens.count } }
}
