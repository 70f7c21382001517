/// The outcome of one measurement-integrity audit of one workload.
public struct AuditResult: Codable, Sendable, Equatable {
    /// Which audit.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Outputs sampled during the performance run equal the accuracy run's (MLPerf TEST01).
        case outputsMatch = "outputs-match"
        /// Replaying one sample is not faster than distinct samples (TEST04, caching).
        case replay
        /// Novel, perturbed inputs are not slower than the benchmark's samples (special-casing).
        case novelInputs = "novel-inputs"
        /// An alternate seed reproduces the latency (TEST05).
        case alternateSeed = "alternate-seed"
        /// The accelerator the backend reports does not change during a run.
        case acceleratorStable = "accelerator-stable"
    }

    public let kind: Kind
    public let passed: Bool
    /// The audited figure (a relative difference or a ratio), if the audit has one.
    public let value: Double?
    /// The tolerance it was held to.
    public let bound: Double?
    public let evidence: String
}
