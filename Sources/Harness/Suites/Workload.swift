import Conformance

/// One workload of a suite: a model, its samples, a quality target and the scenarios to run.
public struct Workload: Codable, Sendable, Equatable {
    /// The workload's id, unique in the suite.
    public let id: String
    /// A title for people.
    public let title: String
    /// Workload kind from the standards vocabulary (`vision-tiny`, `vision-mobile`, ...), parsed once
    /// when the suite is loaded.
    public let kind: WorkloadKind
    /// Numeric precision of the model (`fp32`, `int8`).
    public let precision: String
    /// The model file and the digest it must have.
    public let model: AssetFile
    /// One sample file per model input, keyed by input name.
    public let inputs: [String: AssetFile]
    /// The quality gates the outputs must meet.
    public let quality: QualitySpec
    /// The scenarios to run, in order.
    public let scenarios: [Scenario]
    /// MultiStream frame budget (ms): queries over it count as deadline misses.
    public var frameBudgetMs: Double? = nil
    /// Server latency bound (ms) the rate search must meet at p99.
    public var serverLatencyBoundMs: Double? = nil
    /// Always-on scenario: one inference every this many milliseconds (the feature's duty cycle).
    public var alwaysOnPeriodMs: Double? = nil
    /// Greedy generation (kind `llm`): the decode model and tokens per prompt; nil for other kinds.
    public var llm: GenerationSpec? = nil
}
