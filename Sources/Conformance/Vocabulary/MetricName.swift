/// The name of every catalogue metric, one constant each: producers and the catalogue use these,
/// never a literal of their own. `MetricCatalogCoverageTests` checks that every metric name in
/// `Sources/` is in ``MetricCatalog/standard``.
public enum MetricName {
    /// Early-stopping p90 latency, SingleStream, in ms.
    public static let singleStreamP90Latency = "single_stream.p90_latency"
    /// Early-stopping p99 latency, MultiStream (8 samples / query), in ms.
    public static let multiStreamP99Latency = "multi_stream.p99_latency"
    /// Queries over the frame budget, in percent.
    public static let multiStreamDeadlineMissRatio = "multi_stream.deadline_miss_ratio"
    /// Highest Poisson QPS whose p99 meets the bound, in qps.
    public static let serverMaxQps = "server.max_qps"
    /// Offline samples per second, in samples/s.
    public static let offlineThroughput = "offline.throughput"
    /// Time to first token, p90, 512-token prompt, in s.
    public static let llmTtftP90 = "llm.ttft_p90"
    /// Decode tokens per second, in tokens/s.
    public static let llmDecodeRate = "llm.decode_rate"
    /// P90 of the last window vs the first, continuous run, in percent.
    public static let sustainedP90Drift = "sustained.p90_drift"
    /// Measured quality ÷ the workload's quality target (a ratio).
    public static let qualityTargetRatio = "quality.target_ratio"
    /// Measurement-integrity audits failed: outputs, caching, special-casing, seeds, accelerator (a count).
    public static let auditFailures = "audit.failures"
    /// Standby power, IEC 62301 method, in W.
    public static let energyStandbyPower = "energy.standby_power"
    /// Always-on AI standby minus plain standby, in W.
    public static let energyAIStandbyIncrement = "energy.ai_standby_increment"
    /// Energy per inference, in mJ.
    public static let energyPerInferenceMJ = "energy.per_inference_mj"
    /// Energy per inference, in uJ.
    public static let energyPerInferenceUJ = "energy.per_inference_uj"
    /// Offline samples per joule (MLPerf Power's efficiency figure), in samples/J.
    public static let energySamplesPerJoule = "energy.samples_per_joule"
    /// Energy per 1000 generated tokens, in J.
    public static let energyLLMPer1000Tokens = "energy.llm_per_1000_tokens"
    /// Outputs with the network cut that differ from the connected run (a count).
    public static let privacyOfflineMismatches = "privacy.offline_mismatches"
    /// Packets leaving the device during on-device inference (a count).
    public static let privacyEgressPackets = "privacy.egress_packets"
    /// Input canaries found in captured traffic (a count).
    public static let privacyCanaryHitsTraffic = "privacy.canary_hits_traffic"
    /// Input canaries found in storage/logs after the session (a count).
    public static let privacyCanaryHitsStorage = "privacy.canary_hits_storage"
    /// Telemetry connections with consent off (a count).
    public static let privacyTelemetryConnections = "privacy.telemetry_connections"
    /// Canaries remaining after erase (a count).
    public static let privacyCanaryHitsAfterErase = "privacy.canary_hits_after_erase"

    /// The privacy audit's metrics, in catalogue order.
    public static let privacy = [
        privacyOfflineMismatches, privacyEgressPackets, privacyCanaryHitsTraffic, privacyCanaryHitsStorage,
        privacyTelemetryConnections, privacyCanaryHitsAfterErase,
    ]
}
