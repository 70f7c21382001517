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
    /// The accelerator the backend reported while running; absent if nothing ran.
    public var acceleratorActual: String?
    public var modelLoadMs: Double?
    public var sampleCount: Int?
    public var accuracy: AccuracyResult?
    public var scenarios: [ScenarioResult]
    /// Measurement-integrity audits; empty when the mode runs none.
    public var audits: [AuditResult] = []
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
