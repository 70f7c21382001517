/// Everything the ``Scorer`` judges: the device class, the suite's clauses and workloads, and the
/// run's measurements.
public struct ScoringInput: Sendable, Hashable, Codable {
    /// The class the device declared.
    public let deviceClass: DeviceClass
    /// The clauses the suite lists, in suite order (repeats are scored once).
    public let clauseIDs: [String]
    /// The suite's workloads, in suite order.
    public let workloads: [ScoredWorkload]
    /// Every figure of the run.
    public let measurements: [Measurement]
    /// `false` when the run did not complete (device lost, aborted).
    public let runComplete: Bool
    /// Why the run did not complete.
    public let incompleteReason: String?
    /// The suite's id, used in reasons ("suite phone-basic has no workload of kind llm").
    public let suiteID: String?
    /// Families whose clauses cannot apply to this device, with the reason (an emulator cannot
    /// speak for latency or energy). Their rows are `not-applicable`.
    public var inapplicableFamilies: [StandardFamily: String] = [:]
    /// `false` when the run's mode does not certify (quick, a self-test): a run that passes every
    /// mandatory row is then `indicative`, never `conformant`. Absent (older reports) means it does.
    public var certifies: Bool? = nil

    /// Creates a scoring input.
    public init(
        deviceClass: DeviceClass,
        clauseIDs: [String],
        workloads: [ScoredWorkload],
        measurements: [Measurement],
        runComplete: Bool,
        incompleteReason: String? = nil,
        suiteID: String? = nil
    ) {
        self.deviceClass = deviceClass
        self.clauseIDs = clauseIDs
        self.workloads = workloads
        self.measurements = measurements
        self.runComplete = runComplete
        self.incompleteReason = incompleteReason
        self.suiteID = suiteID
    }

    enum CodingKeys: String, CodingKey {
        case workloads, measurements
        case deviceClass = "device_class"
        case clauseIDs = "clause_ids"
        case runComplete = "run_complete"
        case incompleteReason = "incomplete_reason"
        case suiteID = "suite_id"
        case inapplicableFamilies = "inapplicable_families"
        case certifies
    }
}
