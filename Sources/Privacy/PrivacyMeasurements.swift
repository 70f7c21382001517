import Conformance
import Harness

/// Turns what an audit observed into the six PRV measurements and the instrument reports.
struct PrivacyMeasurements: Sendable {
    let workloads: [Workload]
    let declaration: DeviceDeclaration
    let connected: AgentSessionOutputs
    let cut: AgentSessionOutputs
    let cutError: String?
    let outputTolerance: Double
    let summary: FlowSummary
    let trafficHits: [CanaryHit]
    let storage: StorageScan.Result
    /// The scan after the cut session (nil when the cut failed).
    let afterCut: StorageScan.Result?
    let afterErase: StorageScan.Result?
    let eraseNote: String
    let pcap: AssetFile?
    let canaryCount: Int
    /// Per input file: how its canaries were cut and the escape probability of a sampling leak.
    let canaryNotes: [String]
    /// Attempts to leave the sandbox (they count in PRV-02).
    let escapes: EscapeObservation
    /// The sandbox's storage diff (nil when the agent ran unsandboxed).
    let storageView: StorageView?

    func measurements() -> [Conformance.Measurement] {
        let pcapNote = pcap.map { "pcap \($0.path) (sha256 \($0.sha256.prefix(16))…)" } ?? "no pcap written"
        var result: [Conformance.Measurement] = []
        // PRV-01: outputs with the link cut vs connected, per workload.
        var mismatches = 0
        var parts: [String] = []
        var offlineReason: String?
        for workload in workloads {
            if let failure = connected.failures[workload.id] {
                offlineReason = "the connected run of \(workload.id) failed: \(failure)"
                continue
            }
            let count = connected.outputs[workload.id]?.count ?? 0
            let differ = connected.mismatches(workload.id, against: cut, sampleCount: count, tolerance: outputTolerance)
            let anyBit = connected.mismatches(workload.id, against: cut, sampleCount: count, tolerance: 0)
            mismatches += differ
            let failed = cut.failures[workload.id].map { " (offline run failed: \($0))" } ?? ""
            parts.append(
                "\(workload.id): \(differ)/\(count) samples differ beyond the tolerance (\(anyBit) differ at all)\(failed)"
            )
        }
        if let cutError { parts.append(cutError) }
        parts.append("outputs within a relative \(outputTolerance) (run rules' output_tolerance) count as the same")
        result.append(
            measure(
                MetricName.privacyOfflineMismatches, offlineReason == nil ? Double(mismatches) : nil,
                parts.joined(separator: "; "), offlineReason))
        // PRV-02: every frame the device sent on its link, from before the agent started until it and
        // everything it started had exited (load, inference, unload, erase, the cut session).
        let perWorkload = workloads.map { "\($0.id): \(summary.devicePacketsDuringInference[$0.id] ?? 0)" }.joined(
            separator: ", ")
        let protocols = summary.protocols.isEmpty ? "" : " (\(summary.protocols.prefix(4).joined(separator: ", ")))"
        result.append(
            measure(
                MetricName.privacyEgressPackets, Double(summary.devicePackets + escapes.count),
                "frames the device sent on its link from before the agent started until after it exited, every protocol: "
                    + "\(summary.devicePackets), \(summary.deviceBytes) bytes\(protocols); during inference: \(perWorkload); "
                    + "\(summary.exemptionNote); \(escapes.evidence); \(pcapNote)"))
        // PRV-03: canaries in traffic.
        result.append(
            measure(
                MetricName.privacyCanaryHitsTraffic, Double(trafficHits.count),
                hitEvidence(
                    trafficHits,
                    searched:
                        "\(summary.frames) frames, \(summary.dnsQueries.count) DNS names and the sink's received payloads"
                ) + "; \(FlowReassembly.reach)"))
        // PRV-04: canaries in storage after the connected session and after the cut session.
        let where_ =
            storageView == nil
            ? "under the declared storage, logs and the agent's scratch"
            : "in the agent's whole writable view (the sandbox's upper layer: every file it wrote anywhere)"
        let residue = storage.hits + (afterCut?.hits ?? [])
        let view = storageView?.lines(limit: 4).joined(separator: "; ") ?? ""
        result.append(
            measure(
                MetricName.privacyCanaryHitsStorage, Double(residue.count),
                hitEvidence(
                    residue,
                    searched:
                        "\(storage.files) files (\(storage.bytes) bytes) after the connected session and \(afterCut?.files ?? 0) after the cut session \(where_)"
                )
                    + (view.isEmpty ? "" : "; \(view)")))
        // PRV-05: connections opened with consent off.
        if declaration.telemetry.present && !declaration.telemetry.consentOffByDefault {
            result.append(
                measure(
                    MetricName.privacyTelemetryConnections, nil, "",
                    "telemetry consent is on by default and the declaration gives no way to turn it off"))
        } else {
            let flows = summary.flows.filter(\.fromDevice).prefix(3).map(\.tuple).joined(separator: "; ")
            result.append(
                measure(
                    MetricName.privacyTelemetryConnections, Double(summary.connectionsOpened),
                    "conversations of any protocol (TCP, UDP and DNS, ICMP, IPv6, ARP beyond resolution with the sink, raw Ethernet) "
                        + "the device opened with consent off: \(summary.connectionsOpened)\(flows.isEmpty ? "" : " (\(flows))"); \(pcapNote)"
                ))
        }
        // PRV-06: canaries after erase.
        if let afterErase {
            result.append(
                measure(
                    MetricName.privacyCanaryHitsAfterErase, Double(afterErase.hits.count),
                    "\(eraseNote); " + hitEvidence(afterErase.hits, searched: "\(afterErase.files) files after erase")))
        } else {
            result.append(measure(MetricName.privacyCanaryHitsAfterErase, nil, "", eraseNote))
        }
        return result
    }

    func reports(isolation: NetworkIsolation, notes: [String], evidenceFiles: [AssetFile]) -> [InstrumentReport] {
        let capture = InstrumentReport(
            name: "netns-capture", kind: "network-capture",
            identity: [
                "device_namespace": isolation.deviceNamespace, "sink_namespace": isolation.sinkNamespace,
                "interface": isolation.sinkInterface, "device_address": isolation.deviceAddress,
                "sink_address": isolation.sinkAddress,
                "method": "AF_PACKET on the sink side of the device's only link (veth); kernel timestamps",
            ],
            evidenceFiles: evidenceFiles, notes: summary.lines() + trafficHits.prefix(20).map(\.description) + notes)
        let scan = InstrumentReport(
            name: "storage-scan", kind: "storage-scan",
            identity: [
                "canaries":
                    "\(canaryCount) canaries, several in every sample of every declared workload (each sample drawn from the data's own distribution), named by HMAC-SHA256 under a key of this audit",
                "encodings": CanaryEncoding.allCases.map(\.rawValue).joined(separator: ", "),
                "scope": storageView.map {
                    "the sandbox's writable layer \($0.sandbox.upper) (uid \(AgentSandbox.uid), own PID/mount namespaces, no capabilities)"
                }
                    ?? "the declared storage and logs and the agent's scratch (no sandbox)",
            ],
            notes: canaryNotes + storage.notes + (storageView?.lines() ?? [])
                + storage.hits.prefix(20).map(\.description)
                + (afterCut?.hits.prefix(20).map(\.description) ?? [])
                + (afterErase?.hits.prefix(20).map(\.description) ?? []) + [eraseNote])
        return [capture, scan]
    }

    private func hitEvidence(_ hits: [CanaryHit], searched: String) -> String {
        guard !hits.isEmpty else { return "no canary found in \(searched)" }
        let shown = hits.prefix(3).map(\.description).joined(separator: "; ")
        return "\(hits.count) canary hits in \(searched): \(shown)\(hits.count > 3 ? "; …" : "")"
    }

    private func measure(
        _ metric: String, _ value: Double?, _ evidence: String, _ reason: String? = nil
    ) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: metric, value: value, unit: "count", valid: value != nil, evidence: evidence,
            reason: value == nil ? reason : nil)
    }
}
