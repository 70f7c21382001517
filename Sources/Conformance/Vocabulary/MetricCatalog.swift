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
        .init(
            name: MetricName.singleStreamP90Latency, unit: "ms", description: "early-stopping p90 latency, SingleStream"
        ),
        .init(
            name: MetricName.multiStreamP99Latency, unit: "ms",
            description: "early-stopping p99 latency, MultiStream (8 samples / query)"),
        .init(
            name: MetricName.multiStreamDeadlineMissRatio, unit: "percent", description: "queries over the frame budget"
        ),
        .init(name: MetricName.serverMaxQps, unit: "qps", description: "highest Poisson QPS whose p99 meets the bound"),
        .init(name: MetricName.offlineThroughput, unit: "samples/s", description: "Offline samples per second"),
        .init(name: MetricName.llmTtftP90, unit: "s", description: "time to first token, p90, 512-token prompt"),
        .init(name: MetricName.llmDecodeRate, unit: "tokens/s", description: "decode tokens per second"),
        .init(
            name: MetricName.sustainedP90Drift, unit: "percent",
            description: "p90 of the last window vs the first, continuous run"),
        .init(
            name: MetricName.qualityTargetRatio, unit: "ratio",
            description: "measured quality ÷ the workload's quality target"),
        .init(
            name: MetricName.auditFailures, unit: "count",
            description: "measurement-integrity audits failed (outputs, caching, special-casing, seeds, accelerator)"),
        .init(name: MetricName.energyStandbyPower, unit: "W", description: "standby power, IEC 62301 method"),
        .init(
            name: MetricName.energyAIStandbyIncrement, unit: "W",
            description: "always-on AI standby minus plain standby"),
        .init(name: MetricName.energyPerInferenceMJ, unit: "mJ", description: "energy per inference"),
        .init(name: MetricName.energyPerInferenceUJ, unit: "uJ", description: "energy per inference"),
        .init(
            name: MetricName.energySamplesPerJoule, unit: "samples/J",
            description: "Offline samples per joule (MLPerf Power's efficiency figure)"),
        .init(name: MetricName.energyLLMPer1000Tokens, unit: "J", description: "energy per 1000 generated tokens"),
        .init(
            name: MetricName.privacyOfflineMismatches, unit: "count",
            description: "outputs with the network cut that differ from the connected run"),
        .init(
            name: MetricName.privacyEgressPackets, unit: "count",
            description: "packets leaving the device during on-device inference"),
        .init(
            name: MetricName.privacyCanaryHitsTraffic, unit: "count",
            description: "input canaries found in captured traffic"),
        .init(
            name: MetricName.privacyCanaryHitsStorage, unit: "count",
            description: "input canaries found in storage/logs after the session"),
        .init(
            name: MetricName.privacyTelemetryConnections, unit: "count",
            description: "telemetry connections with consent off"),
        .init(
            name: MetricName.privacyCanaryHitsAfterErase, unit: "count",
            description: "canaries remaining after erase"),
    ])
}
