import Conformance

/// Everything measured for one workload on the device.
public struct WorkloadRecord: Codable, Sendable {
    /// The workload's id in the suite.
    public let id: String
    /// The workload's title in the suite.
    public let title: String
    /// The workload kind the clauses select workloads by.
    public let kind: WorkloadKind
    /// The model's numeric precision (`fp32`, `int8`).
    public let precision: String
    /// The model file and the digest it was checked against.
    public var model: AssetFile
    /// The sample files, keyed by model input name, with their digests.
    public var inputs: [String: AssetFile]
    /// The quality gates the workload was held to.
    public var quality: QualitySpec
    /// The backend that ran the model.
    public var backend: BackendIdentity?
    /// The accelerator the run asked for (`--accelerator`).
    public let acceleratorRequested: String
    /// The backend-specific options the backend was given (`--backend-config`), as JSON text; nil when none.
    public var backendConfig: String? = nil
    /// The accelerator the backend reported while running; absent if nothing ran.
    public var acceleratorActual: String?
    /// How the backend split the runs between units (optional ABI extension); nil when it does not say.
    public var acceleratorBreakdown: AcceleratorBreakdown? = nil
    /// Time the backend took to load the model, ms, when it said.
    public var modelLoadMs: Double?
    /// Samples in the workload's set as loaded on the device.
    public var sampleCount: Int?
    /// The quality pass's outcome; nil when it did not run.
    public var accuracy: AccuracyResult?
    /// What each scenario measured, in run order.
    public var scenarios: [ScenarioResult]
    /// Measurement-integrity audits; empty when the mode runs none.
    public var audits: [AuditResult] = []
    /// How the outputs-match audit sampled the timed run, and its miss probabilities.
    public var outputSampling: OutputSampling? = nil
    /// The LLM generations (kind `llm`); nil for other workloads.
    public var generation: GenerateResult? = nil

    init(workload: Workload, acceleratorRequested: String) {
        id = workload.id
        title = workload.title
        kind = workload.kind
        precision = workload.precision
        model = workload.model
        inputs = workload.inputs
        quality = workload.quality
        self.acceleratorRequested = acceleratorRequested
        scenarios = []
    }
}
