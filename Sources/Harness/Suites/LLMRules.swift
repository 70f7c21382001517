import Conformance

/// How the LLM workload runs in one mode (the `llm` section of a mode in `Suites/run-rules.yaml`):
/// prompts are repeated until both minimums are met, or the cap on duration is reached.
public struct LLMRules: Codable, Sendable, Equatable {
    /// Generations (prompts) timed, at least; 64 is the fewest that give an early-stopping p90.
    public let minPrompts: Int
    /// Device time of the timed generations, at least.
    public let minDurationS: Double
    /// The timed generations stop once this much device time has passed.
    public let maxDurationS: Double

    /// Rules with the given minimum prompts and duration bounds.
    public init(minPrompts: Int, minDurationS: Double, maxDurationS: Double) {
        self.minPrompts = minPrompts
        self.minDurationS = minDurationS
        self.maxDurationS = maxDurationS
    }

    static func parse(_ field: YAMLField) throws(SuiteError) -> LLMRules {
        let f = try field.mapping(allowed: ["min_prompts", "min_duration_s", "max_duration_s"])
        let rules = LLMRules(
            minPrompts: try f.required("min_prompts", in: field).int(),
            minDurationS: try f.required("min_duration_s", in: field).double(),
            maxDurationS: try f.required("max_duration_s", in: field).double())
        guard rules.minPrompts > 0, rules.maxDurationS >= rules.minDurationS else {
            throw field.fail("min_prompts must be positive and max_duration_s at least min_duration_s")
        }
        return rules
    }
}
