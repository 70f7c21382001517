/// How a workload's output quality is judged, and the target it must reach.
public struct QualitySpec: Codable, Sendable, Equatable {
    /// The quality metric.
    public enum Metric: String, Codable, Sendable {
        /// Share of samples whose arg-max output equals the label.
        case top1Accuracy = "top1-accuracy"
    }

    public let metric: Metric
    /// The value the metric must reach (e.g. 0.95).
    public let target: Double
    /// Ground truth, one label per sample.
    public let labels: AssetFile
}
