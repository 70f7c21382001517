import Conformance

/// Everything measured for one workload on the device.
public struct WorkloadRecord: Codable, Sendable {
    public let id: String
    public let title: String
    public let kind: WorkloadKind
    public let precision: String
    public var model: AssetFile
    public var inputs: [String: AssetFile]
    public var quality: QualitySpec
    /// The backend that ran the model.
    public var backend: BackendIdentity?
    public let acceleratorRequested: String
    /// The backend-specific options the backend was given (`--backend-config`), as JSON text; nil when none.
    public var backendConfig: String? = nil
    /// The accelerator the backend reported while running; absent if nothing ran.
    public var acceleratorActual: String?
    /// How the backend split the runs between units (optional ABI extension); nil when it does not say.
    public var acceleratorBreakdown: AcceleratorBreakdown? = nil
    public var modelLoadMs: Double?
    public var sampleCount: Int?
    public var accuracy: AccuracyResult?
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
