import Harness

/// Outputs of one audit session: per workload, per sample index, every model output.
struct AgentSessionOutputs: Sendable {
    var outputs: [String: [Int: [String: [Double?]]]] = [:]
    var windows: [InferenceWindow] = []
    var failures: [String: String] = [:]

    /// Samples of `workload` whose outputs differ from `other`'s (missing counts as different).
    func mismatches(_ workload: String, against other: AgentSessionOutputs, sampleCount: Int) -> Int {
        let mine = outputs[workload] ?? [:]
        let theirs = other.outputs[workload] ?? [:]
        return (0..<sampleCount).filter { index in
            guard let a = mine[index], let b = theirs[index] else { return true }
            return a != b
        }.count
    }
}
