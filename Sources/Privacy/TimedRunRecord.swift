import Conformance
import Harness

/// What ``TimedRunObservation`` saw of the timed run, and how it joins the privacy audit's
/// measurements: its frames and escape attempts count in PRV-02, its samples found in traffic in
/// PRV-03 and in storage in PRV-04, its conversations in PRV-05. A run that could not be observed
/// leaves those four without a value, with the reason.
package struct TimedRunRecord: Sendable {
    /// Why the timed run was not observed; nil when it was.
    package let failure: String?
    /// The device's frames and conversations during the timed run (nil when not observed).
    package let summary: FlowSummary?
    /// Pieces of the timed run's samples found in its frames, DNS names and received payloads.
    package let trafficHits: [CanaryHit]
    /// Pieces of the timed run's samples found in its writable view.
    package let storageHits: [CanaryHit]
    /// Files of the writable view that were searched.
    package let scannedFiles: Int
    /// Every file the timed run's agent wrote (sandbox paths, sizes).
    package let written: [(path: String, bytes: Int)]
    /// Attempts to leave the timed run's sandbox.
    package let escapes: EscapeObservation
    /// The timed run's capture, kept as evidence.
    package let pcap: AssetFile?
    /// What else the observation noted (processes killed, frames over the bounds, scan bounds).
    package let notes: [String]
    /// How many pieces of the timed run's samples were looked for.
    package let secrets: Int

    /// A run that could not be observed.
    init(failure: String) {
        self.init(
            summary: nil, trafficHits: [], storageHits: [], scannedFiles: 0, written: [], escapes: .unsandboxed,
            pcap: nil, notes: [], secrets: 0, failure: failure)
    }

    init(
        summary: FlowSummary?, trafficHits: [CanaryHit], storageHits: [CanaryHit], scannedFiles: Int,
        written: [(path: String, bytes: Int)],
        escapes: EscapeObservation, pcap: AssetFile?, notes: [String], secrets: Int, failure: String? = nil
    ) {
        self.failure = failure
        self.summary = summary
        self.trafficHits = trafficHits
        self.storageHits = storageHits
        self.scannedFiles = scannedFiles
        self.written = written
        self.escapes = escapes
        self.pcap = pcap
        self.notes = notes
        self.secrets = secrets
    }

    /// `outcome` with the timed run judged too.
    package func joined(to outcome: PrivacyOutcome) -> PrivacyOutcome {
        let measurements = outcome.measurements.map { measurement -> Conformance.Measurement in
            guard let value = measurement.value else { return measurement }
            let added: (count: Int, evidence: String)
            switch measurement.metric {
            case MetricName.privacyEgressPackets:
                guard let summary else { return unobserved(measurement) }
                added = (
                    summary.devicePackets + escapes.count,
                    "frames the device sent during the timed run: \(summary.devicePackets), \(summary.deviceBytes) bytes"
                        + "\(summary.protocols.isEmpty ? "" : " (\(summary.protocols.prefix(4).joined(separator: ", ")))"); \(escapes.evidence)"
                )
            case MetricName.privacyCanaryHitsTraffic:
                guard summary != nil else { return unobserved(measurement) }
                added = (
                    trafficHits.count,
                    Self.hitEvidence(
                        trafficHits, searched: "the timed run's frames, for \(secrets) pieces of its own samples")
                )
            case MetricName.privacyCanaryHitsStorage:
                guard summary != nil else { return unobserved(measurement) }
                var files = written.prefix(4).map { "\($0.path) (\($0.bytes) bytes)" }.joined(separator: ", ")
                if written.count > 4 { files += ", …" }
                let listing = written.isEmpty ? "" : ": " + files
                let searched =
                    "the timed run's whole writable view (\(scannedFiles) files), for \(secrets) pieces of its own samples"
                added = (
                    storageHits.count,
                    Self.hitEvidence(storageHits, searched: searched) + "; it wrote \(written.count) files" + listing
                )
            case MetricName.privacyTelemetryConnections:
                guard let summary else { return unobserved(measurement) }
                let flows = summary.flows.filter(\.fromDevice).prefix(3).map(\.tuple).joined(separator: "; ")
                added = (
                    summary.connectionsOpened,
                    "conversations the device opened during the timed run: \(summary.connectionsOpened)\(flows.isEmpty ? "" : " (\(flows))")"
                )
            default:
                return measurement
            }
            return Conformance.Measurement(
                metric: measurement.metric, value: value + Double(added.count), unit: measurement.unit, valid: true,
                evidence:
                    "privacy sessions: \(measurement.evidence); timed run (sandboxed, on its own observed link): \(added.evidence)"
            )
        }
        return PrivacyOutcome(
            measurements: measurements, reports: outcome.reports + [report],
            hits: outcome.hits + trafficHits + storageHits)
    }

    private func unobserved(_ measurement: Conformance.Measurement) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: measurement.metric, value: nil, unit: measurement.unit, valid: false,
            evidence: measurement.evidence,
            reason:
                "the timed run was not observed (\(failure ?? "no capture")), so a backend that behaves differently when it is timed would not be seen"
        )
    }

    /// The report entry of the timed run's observation.
    package var report: InstrumentReport {
        InstrumentReport(
            name: "timed-run-capture", kind: "network-capture",
            identity: [
                "method":
                    "the timed run's agent in the privacy sandbox, on a device namespace whose only link is captured (AF_PACKET, kernel timestamps)",
                "secrets":
                    "\(secrets) pieces of the timed run's own samples, named by HMAC-SHA256 under a key of this run",
            ],
            evidenceFiles: pcap.map { [$0] } ?? [],
            notes: (failure.map { ["not observed: \($0)"] } ?? []) + (summary?.lines() ?? []) + [escapes.evidence]
                + (trafficHits + storageHits).prefix(20).map(\.description) + notes)
    }

    static func hitEvidence(_ hits: [CanaryHit], searched: String) -> String {
        guard !hits.isEmpty else { return "none found in \(searched)" }
        let shown = hits.prefix(3).map(\.description).joined(separator: "; ")
        return "\(hits.count) found in \(searched): \(shown)\(hits.count > 3 ? "; …" : "")"
    }
}
