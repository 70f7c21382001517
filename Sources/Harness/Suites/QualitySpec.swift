/// How a workload's output quality is judged: one or more gates, each a metric, a target and the
/// ground truth it compares with. Every gate must hold for the quality clause to pass.
public struct QualitySpec: Codable, Sendable, Equatable {
    public let gates: [QualityGate]

    public init(gates: [QualityGate]) {
        self.gates = gates
    }
}
