/// What `aitc bench` measured: latency percentiles of back-to-back queries timed on the device clock.
public struct BenchResult: Codable, Sendable, Equatable {
    /// Median latency, ms.
    public let p50Ms: Double
    /// 90th-percentile latency, ms.
    public let p90Ms: Double
    /// 99th-percentile latency, ms.
    public let p99Ms: Double
    /// Fastest query, ms.
    public let minMs: Double
    /// Mean latency, ms.
    public let meanMs: Double
    /// Timed queries (after the warm-up ones, which are not counted).
    public let queries: Int
    /// Queries run before timing started, to warm caches and the accelerator.
    public let warmupQueries: Int
    /// SHA-256 of the model file given.
    public let modelSha256: String
    /// SHA-256 of the copy that ran when symbolic input dims were fixed, else `nil`.
    public let runSha256: String?
    /// The backend that ran the model, as it names itself.
    public let backend: String
    /// The backend's version, as it reports it.
    public let backendVersion: String
    /// The accelerator the backend reported.
    public let accelerator: String
    /// CPU threads the backend was given.
    public let threads: Int
    /// Inputs as they ran (generated, seeded).
    public let inputs: [TensorInfo]
    /// Seed of the generated inputs.
    public let seed: UInt64
    /// Time the backend took to load the model, ms, when it said.
    public let loadMs: Double?
}
