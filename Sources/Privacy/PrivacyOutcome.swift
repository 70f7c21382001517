import Conformance
import Harness

/// What a privacy audit produced: the six PRV measurements (device-level: the PRV clauses apply to
/// the device, per-workload figures are in the evidence) and the instrument reports.
package struct PrivacyOutcome: Sendable {
    /// The metrics of PRV-01…PRV-06, in clause order.
    package static let metrics = [
        MetricName.privacyOfflineMismatches, MetricName.privacyEgressPackets, MetricName.privacyCanaryHitsTraffic,
        MetricName.privacyCanaryHitsStorage, MetricName.privacyTelemetryConnections,
        MetricName.privacyCanaryHitsAfterErase,
    ]

    package let measurements: [Conformance.Measurement]
    package let reports: [InstrumentReport]
    /// Every place a canary was found (traffic, storage, after erase).
    package let hits: [CanaryHit]

    /// Creates an outcome.
    package init(measurements: [Conformance.Measurement], reports: [InstrumentReport], hits: [CanaryHit]) {
        self.measurements = measurements
        self.reports = reports
        self.hits = hits
    }

    /// Every metric without a value, each carrying `reason` (the scorer makes them inconclusive).
    package static func unavailable(_ reason: String, reports: [InstrumentReport] = []) -> PrivacyOutcome {
        PrivacyOutcome(
            measurements: metrics.map {
                Conformance.Measurement(metric: $0, value: nil, unit: "count", valid: false, reason: reason)
            },
            reports: reports, hits: [])
    }

    /// The measurement of `metric`.
    package func measurement(_ metric: String) -> Conformance.Measurement? {
        measurements.first { $0.metric == metric }
    }
}
