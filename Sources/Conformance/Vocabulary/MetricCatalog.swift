/// The metrics the harness can measure, each with the one unit it is reported in.
///
/// Standard files may only name metrics from the catalogue, in the catalogue's unit; the loader
/// rejects anything else. The catalogue is vocabulary, not policy: it holds no thresholds.
public struct MetricCatalog: Sendable {
    /// Every metric, in catalogue order.
    public let metrics: [MetricDefinition]
    private let byName: [String: MetricDefinition]

    /// Creates a catalogue; a later definition of the same name replaces an earlier one.
    public init(_ metrics: [MetricDefinition]) {
        self.metrics = metrics
        self.byName = Dictionary(metrics.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The definition of `name`, or `nil` when the catalogue has no such metric.
    public func definition(of name: String) -> MetricDefinition? {
        byName[name]
    }

    /// The catalogue of `Docs/standards-format.md`.
    public static let standard = MetricCatalog([
        .init(name: "single_stream.p90_latency", unit: "ms", description: "early-stopping p90 latency, SingleStream"),
        .init(
            name: "multi_stream.p99_latency", unit: "ms",
            description: "early-stopping p99 latency, MultiStream (8 samples / query)"),
        .init(name: "multi_stream.deadline_miss_ratio", unit: "percent", description: "queries over the frame budget"),
        .init(name: "server.max_qps", unit: "qps", description: "highest Poisson QPS whose p99 meets the bound"),
        .init(name: "offline.throughput", unit: "samples/s", description: "Offline samples per second"),
        .init(name: "llm.ttft_p90", unit: "s", description: "time to first token, p90, 512-token prompt"),
        .init(name: "llm.decode_rate", unit: "tokens/s", description: "decode tokens per second"),
        .init(
            name: "sustained.p90_drift", unit: "percent",
            description: "p90 of the last window vs the first, continuous run"),
        .init(
            name: "quality.target_ratio", unit: "ratio",
            description: "measured quality ÷ the workload's quality target"),
        .init(
            name: "audit.failures", unit: "count",
            description: "measurement-integrity audits failed (outputs, caching, special-casing, seeds, accelerator)"),
        .init(name: "energy.standby_power", unit: "W", description: "standby power, IEC 62301 method"),
        .init(
            name: "energy.ai_standby_increment", unit: "W",
            description: "always-on AI standby minus plain standby"),
        .init(name: "energy.per_inference_mj", unit: "mJ", description: "energy per inference"),
        .init(name: "energy.per_inference_uj", unit: "uJ", description: "energy per inference"),
        .init(name: "energy.llm_per_1000_tokens", unit: "J", description: "energy per 1000 generated tokens"),
        .init(
            name: "privacy.offline_mismatches", unit: "count",
            description: "outputs with the network cut that differ from the connected run"),
        .init(
            name: "privacy.egress_packets", unit: "count",
            description: "packets leaving the device during on-device inference"),
        .init(
            name: "privacy.canary_hits_traffic", unit: "count",
            description: "input canaries found in captured traffic"),
        .init(
            name: "privacy.canary_hits_storage", unit: "count",
            description: "input canaries found in storage/logs after the session"),
        .init(
            name: "privacy.telemetry_connections", unit: "count",
            description: "telemetry connections with consent off"),
        .init(
            name: "privacy.canary_hits_after_erase", unit: "count",
            description: "canaries remaining after erase"),
    ])
}
