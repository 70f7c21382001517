/// The Server scenario's search for the highest Poisson arrival rate whose p99 latency meets the bound.
public struct ServerSearch: Codable, Sendable, Equatable {
    /// One tested rate.
    public struct Step: Codable, Sendable, Equatable {
        public let targetQps: Double
        public let queries: Int
        /// Early-stopping p99 of latency from the scheduled issue time (queueing included), ms.
        public let p99Ms: Double?
        public let valid: Bool
        public let meetsBound: Bool
        /// Every query latency of the step, so the p99 can be re-derived from the report
        /// (`aitc verify --trust-root`, step 8).
        public var latencyHistogram: LatencyHistogram? = nil
    }

    /// The latency bound from the suite, ms.
    public let latencyBoundMs: Double
    public let steps: [Step]
    /// The highest tested rate that met the bound; absent when none did.
    public let maxQps: Double?
}
