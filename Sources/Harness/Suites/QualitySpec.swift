/// How a workload's output quality is judged: one or more gates, each a metric, a target and the
/// ground truth it compares with. Every gate must hold for the quality clause to pass.
public struct QualitySpec: Codable, Sendable, Equatable {
    /// The gates; all must hold.
    public let gates: [QualityGate]

    /// A specification with `gates`.
    public init(gates: [QualityGate]) {
        self.gates = gates
    }
}
