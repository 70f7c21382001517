import Conformance

/// What a run does when the device is lost mid-run (the `outages` section of a mode in
/// `Suites/run-rules.yaml`): reconnect, and re-run the interrupted workload from its start — its
/// partial figures are dropped, never joined to the new connection's.
public struct OutageRules: Codable, Sendable, Equatable {
    /// Workload re-runs allowed in one run, over all outages; the next outage ends the run incomplete.
    public let maxRetries: Int
    /// Seconds after the loss is noticed during which the harness keeps trying to reconnect.
    public let reconnectWindowS: Double
    /// Seconds between reconnection attempts.
    public let reconnectIntervalS: Double

    /// Rules with the given retries, reconnection window and interval.
    public init(maxRetries: Int, reconnectWindowS: Double, reconnectIntervalS: Double) {
        self.maxRetries = maxRetries
        self.reconnectWindowS = reconnectWindowS
        self.reconnectIntervalS = reconnectIntervalS
    }

    static func parse(_ field: YAMLField) throws(SuiteError) -> OutageRules {
        let f = try field.mapping(allowed: ["max_retries", "reconnect_window_s", "reconnect_interval_s"])
        let rules = OutageRules(
            maxRetries: try f.required("max_retries", in: field).int(),
            reconnectWindowS: try f.required("reconnect_window_s", in: field).double(),
            reconnectIntervalS: try f.required("reconnect_interval_s", in: field).double())
        guard rules.maxRetries >= 0, rules.reconnectWindowS >= 0, rules.reconnectIntervalS > 0 else {
            throw field.fail(
                "max_retries and reconnect_window_s must not be negative, reconnect_interval_s must be positive")
        }
        return rules
    }
}
