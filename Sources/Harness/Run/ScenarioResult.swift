/// What one scenario of one workload measured on the device.
public struct ScenarioResult: Codable, Sendable, Equatable {
    /// Which scenario ran.
    public let scenario: Scenario
    /// Queries issued (Offline: the measured run's queries, 1 unless a query of the agent's largest
    /// size ends before the minimum duration; then several, issued back to back).
    public let queries: Int
    /// Samples processed.
    public let samples: Int
    /// Device time from the first issue to the last completion, seconds (Offline: the sum of its
    /// queries' own spans, end_ns − start_ns; the gaps between its requests are not counted).
    public let durationS: Double
    /// Device clock (CLOCK_MONOTONIC, ns) at the first issue and at the last completion: the
    /// window energy meters integrate over.
    public let beginNs: UInt64
    /// Device CLOCK_MONOTONIC (ns) when the scenario's last query completed.
    public let endNs: UInt64
    /// Sum of the device time spent inside `run` requests, seconds.
    public let activeDurationS: Double
    /// `run` requests the scenario was issued in (Offline: its calibration and growing queries too).
    public let runRequests: Int
    /// Order statistics of query latency (SingleStream).
    public let latency: LatencySummary?
    /// Early-stopping p90 estimate (SingleStream).
    public let earlyStopping: EarlyStoppingResult?
    /// Samples per second (Offline), over the device time of its queries (`durationS`).
    public let throughputSps: Double?
    /// Seed of the sample-index generator.
    public let seed: UInt64
    /// Whether the run meets the mode's run rules.
    public var valid: Bool
    /// Why it is not valid, or notes that qualify it.
    public var validityNotes: [String]
    /// The accelerator the backend reported for these queries.
    public let accelerator: String
    /// How often the reported accelerator changed between queries (an audit fails on any change).
    public let acceleratorChanges: Int
    /// MultiStream: the frame budget from the suite, and the share of queries over it (percent).
    public var frameBudgetMs: Double? = nil
    /// MultiStream: the share of queries over the frame budget, in percent.
    public var deadlineMissPercent: Double? = nil
    /// Server: the rate search.
    public var server: ServerSearch? = nil
    /// SingleStream: p90 drift between the first and last windows of the run (LAT-04).
    public var sustained: SustainedDrift? = nil
    /// SingleStream: device time until the result was valid, and whether the run stopped before
    /// the mode's minimum duration because early stopping proved the bound.
    public var timeToValidS: Double? = nil
    /// Whether the run stopped before the mode's minimum duration because the bound was proven.
    public var stoppedWhenProven: Bool = false
    /// The p90 bound early stopping was held to, ms (from the standards, for the device class).
    public var proofBoundMs: Double? = nil
    /// SingleStream: early-stopping p90 of every repeat (certification mode), ms.
    public var repeatP90Ms: [Double] = []
    /// SingleStream and MultiStream: every query latency, bucketed to a stated precision, so the
    /// early-stopping estimate can be recomputed from the report (`Tools/audit/recompute_early_stopping.py`).
    public var latencyHistogram: LatencyHistogram? = nil
    /// Share of the run the device spent inside queries: the sum of query latencies over `durationS`
    /// (SingleStream, MultiStream), the summed query spans over `endNs − beginNs` (Offline); the
    /// rest is the harness's gaps between `run` requests.
    public var busyFraction: Double? = nil
}
