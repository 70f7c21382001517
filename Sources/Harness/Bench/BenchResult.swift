/// What `aitc bench` measured: latency percentiles of back-to-back queries timed on the device clock.
public struct BenchResult: Codable, Sendable, Equatable {
    public let p50Ms: Double
    public let p90Ms: Double
    public let p99Ms: Double
    public let minMs: Double
    public let meanMs: Double
    /// Timed queries (after the warm-up ones, which are not counted).
    public let queries: Int
    public let warmupQueries: Int
    /// SHA-256 of the model file given.
    public let modelSha256: String
    /// SHA-256 of the copy that ran when symbolic input dims were fixed, else `nil`.
    public let runSha256: String?
    public let backend: String
    public let backendVersion: String
    public let accelerator: String
    public let threads: Int
    /// Inputs as they ran (generated, seeded).
    public let inputs: [TensorInfo]
    public let seed: UInt64
    public let loadMs: Double?
}
