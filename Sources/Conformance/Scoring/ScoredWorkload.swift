/// A workload of the suite, as far as scoring needs it: its id and kind.
public struct ScoredWorkload: Sendable, Hashable, Codable {
    /// The workload id in the suite, matched against ``Measurement/workloadID``.
    public let id: String
    /// The kind, matched against a clause's `applies_to.workload_kinds`.
    public let kind: WorkloadKind

    /// Creates a workload.
    public init(id: String, kind: WorkloadKind) {
        self.id = id
        self.kind = kind
    }
}
