/// The name of every catalogue metric, one constant each: producers and the catalogue use these,
/// never a literal of their own. `MetricCatalogCoverageTests` checks that every metric name in
/// `Sources/` is in ``MetricCatalog/standard``.
public enum MetricName {
    public static let singleStreamP90Latency = "single_stream.p90_latency"
    public static let multiStreamP99Latency = "multi_stream.p99_latency"
    public static let multiStreamDeadlineMissRatio = "multi_stream.deadline_miss_ratio"
    public static let serverMaxQps = "server.max_qps"
    public static let offlineThroughput = "offline.throughput"
    public static let llmTtftP90 = "llm.ttft_p90"
    public static let llmDecodeRate = "llm.decode_rate"
    public static let sustainedP90Drift = "sustained.p90_drift"
    public static let qualityTargetRatio = "quality.target_ratio"
    public static let auditFailures = "audit.failures"
    public static let energyStandbyPower = "energy.standby_power"
    public static let energyAIStandbyIncrement = "energy.ai_standby_increment"
    public static let energyPerInferenceMJ = "energy.per_inference_mj"
    public static let energyPerInferenceUJ = "energy.per_inference_uj"
    public static let energySamplesPerJoule = "energy.samples_per_joule"
    public static let energyLLMPer1000Tokens = "energy.llm_per_1000_tokens"
    public static let privacyOfflineMismatches = "privacy.offline_mismatches"
    public static let privacyEgressPackets = "privacy.egress_packets"
    public static let privacyCanaryHitsTraffic = "privacy.canary_hits_traffic"
    public static let privacyCanaryHitsStorage = "privacy.canary_hits_storage"
    public static let privacyTelemetryConnections = "privacy.telemetry_connections"
    public static let privacyCanaryHitsAfterErase = "privacy.canary_hits_after_erase"

    /// The privacy audit's metrics, in catalogue order.
    public static let privacy = [
        privacyOfflineMismatches, privacyEgressPackets, privacyCanaryHitsTraffic, privacyCanaryHitsStorage,
        privacyTelemetryConnections, privacyCanaryHitsAfterErase,
    ]
}
