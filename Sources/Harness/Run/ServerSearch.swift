/// The Server scenario's search for the highest Poisson arrival rate whose p99 latency meets the bound.
public struct ServerSearch: Codable, Sendable, Equatable {
    /// One tested rate.
    public struct Step: Codable, Sendable, Equatable {
        /// The Poisson arrival rate tried, queries per second.
        public let targetQps: Double
        /// Queries issued at that rate.
        public let queries: Int
        /// Early-stopping p99 of latency from the scheduled issue time (queueing included), ms.
        public let p99Ms: Double?
        /// Whether the step met the mode's minimum queries and duration.
        public let valid: Bool
        /// Whether its p99 met the latency bound.
        public let meetsBound: Bool
        /// Every query latency of the step, so the p99 can be re-derived from the report
        /// (`aitc verify --trust-root`, step 8).
        public var latencyHistogram: LatencyHistogram? = nil
    }

    /// The latency bound from the suite, ms.
    public let latencyBoundMs: Double
    /// Every rate tried, in the order the search tried them.
    public let steps: [Step]
    /// The highest tested rate that met the bound; absent when none did.
    public let maxQps: Double?
}
