import Harness

/// Outputs of one audit session: per workload, per sample index, every model output.
struct AgentSessionOutputs: Sendable {
    var outputs: [String: [Int: [String: [Double?]]]] = [:]
    var windows: [InferenceWindow] = []
    var failures: [String: String] = [:]

    /// Samples of `workload` whose outputs differ from `other`'s by more than `tolerance` (the run
    /// rules' relative `output_tolerance`, as the audits use it); a missing sample or output
    /// counts as different.
    func mismatches(_ workload: String, against other: AgentSessionOutputs, sampleCount: Int, tolerance: Double) -> Int
    {
        let mine = outputs[workload] ?? [:]
        let theirs = other.outputs[workload] ?? [:]
        return (0..<sampleCount).filter { index in
            guard let a = mine[index], let b = theirs[index], Set(a.keys) == Set(b.keys) else { return true }
            return a.contains { name, values in
                values != b[name] && !(OutputDifference.relative(values, b[name] ?? []) <= tolerance)
            }
        }.count
    }
}
