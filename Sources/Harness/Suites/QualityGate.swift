/// One quality gate of a workload.
public struct QualityGate: Codable, Sendable, Equatable {
    /// The quality metric.
    public enum Metric: String, Codable, Sendable, CaseIterable {
        /// Share of samples whose arg-max output equals the label (reference = labels).
        case top1Accuracy = "top1-accuracy"
        /// Share of samples whose arg-max output equals the fp32 reference's (reference = reference top-1).
        case top1Agreement = "top1-agreement"
        /// Mean cosine similarity of each sample's output with the reference output (reference = outputs).
        case meanCosine = "mean-cosine"
        /// Share of generated tokens equal to the reference greedy tokens, position by position
        /// (reference = token ids [prompts, tokens]; `llm` workloads, scored by the generate run).
        case tokenMatch = "token-match"
    }

    /// How outputs are compared with the reference.
    public let metric: Metric
    /// The value the metric must reach (e.g. 0.97).
    public let target: Double
    /// Labels, reference top-1 indices, or reference outputs, one entry per sample.
    public let reference: AssetFile

    /// A gate requiring `metric` to reach `target` against the reference outputs `reference`.
    public init(metric: Metric, target: Double, reference: AssetFile) {
        self.metric = metric
        self.target = target
        self.reference = reference
    }
}
