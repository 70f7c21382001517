/// The outcome of one measurement-integrity audit of one workload.
public struct AuditResult: Codable, Sendable, Equatable {
    /// Which audit.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Outputs sampled at secret random positions over the whole timed run equal the accuracy
        /// pass's (MLPerf TEST01).
        case outputsMatch = "outputs-match"
        /// Replaying one sample is not faster than distinct samples (TEST04, caching).
        case replay
        /// Novel inputs interleaved into the timed run are not slower than the measured queries
        /// around them (TEST04 inside the run: caching, memorising, special-casing).
        case novelInputs = "novel-inputs"
        /// The novel inputs' outputs are those of a model that computed them (top-1 of the sample
        /// each perturbs).
        case novelOutputs = "novel-outputs"
        /// The last window of the continuous run is not much slower than the p90 the latency
        /// clauses judge (full speed for the short run, throttled after it).
        case sustainedLoad = "sustained-load"
        /// An alternate seed reproduces the latency (TEST05).
        case alternateSeed = "alternate-seed"
        /// The accelerator the backend reports does not change during a run.
        case acceleratorStable = "accelerator-stable"
        /// The accelerator the backend claims is one the device has (and, where the driver can
        /// read it, one that worked during the run).
        case acceleratorClaim = "accelerator-claim"
    }

    /// Which audit this is.
    public let kind: Kind
    /// Whether the audit passed; false when it failed or could not be judged.
    public let passed: Bool
    /// The audited figure (a relative difference or a ratio), if the audit has one.
    public let value: Double?
    /// The tolerance it was held to.
    public let bound: Double?
    /// What the audit saw, in words the report shows (figures, counts, the seeds compared).
    public let evidence: String
    /// Why the audit could not be judged (device noise over the run rules' cap, too few novel
    /// inputs, an accelerator claim nothing can check); nil when it was judged.
    public var inconclusive: String? = nil

    /// An outcome; `passed` is forced to false when `inconclusive` gives a reason.
    public init(kind: Kind, passed: Bool, value: Double?, bound: Double?, evidence: String, inconclusive: String? = nil)
    {
        self.kind = kind
        self.passed = inconclusive == nil && passed
        self.value = value
        self.bound = bound
        self.evidence = evidence
        self.inconclusive = inconclusive
    }

    /// `pass`, `fail` or `inconclusive`, as the report's evidence says it.
    public var verdictText: String { inconclusive != nil ? "inconclusive" : passed ? "passed" : "FAILED" }
}
