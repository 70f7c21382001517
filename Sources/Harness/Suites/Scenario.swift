/// How queries are issued (MLPerf LoadGen's scenarios).
public enum Scenario: String, Codable, Sendable, CaseIterable {
    /// One sample per query, the next issued when the previous completes.
    case singleStream = "single-stream"
    /// All samples in one query; samples per second.
    case offline
    /// Several samples per query back to back; query latency is the slowest.
    case multiStream = "multi-stream"
    /// Poisson arrivals at a target rate.
    case server
    /// An always-on feature (wake word) driven at its declared duty cycle for the standby phase's
    /// duration: the window the AI standby increment (ENG-02) is measured over.
    case alwaysOn = "always-on"

    /// Scenarios this harness version can run.
    public static let implemented: Set<Scenario> = [.singleStream, .offline, .multiStream, .server, .alwaysOn]
}
