import Conformance
import Harness

/// The six PRV measurements of a remote device's privacy session: PRV-02, PRV-03 and PRV-05 from
/// the device's frames on its observed link; PRV-01, PRV-04 and PRV-06 absent with the reason (the
/// harness can neither cut a remote device's network while keeping its control channel nor read
/// its storage).
struct RemotePrivacyMeasurements: Sendable {
    let workloads: [Workload]
    let declaration: DeviceDeclaration
    let source: PrivacyCaptureSource
    let summary: FlowSummary
    let traffic: LinkTraffic
    let hits: [CanaryHit]
    let pcap: AssetFile?
    /// The captured interface's states (gateway mode; nil for a lab pcap, which does not record them).
    let linkState: LinkStateLog?
    /// What was judged (CLOCK_REALTIME ns).
    let span: ClosedRange<Int64>

    /// Why PRV-01 is not measured on a remote device.
    static let offlineReason =
        "not measured on a remote device: cutting its network would also cut the harness's control channel "
        + "(run the offline comparison with the device's own network off and the agent reached over USB; not automated yet)"
    /// Why PRV-04 and PRV-06 are not measured on a remote device.
    static let storageReason =
        "not measured on a remote device: the harness does not read the device's storage; scan the storage and logs the "
        + "declaration lists (pulled with adb/ssh) with StorageScan"

    func measurements() -> [Conformance.Measurement] {
        let pcapNote = pcap.map { "pcap \($0.path) (sha256 \($0.sha256.prefix(16))…)" } ?? "no pcap kept"
        let perWorkload = workloads.map { "\($0.id): \(summary.devicePacketsDuringInference[$0.id] ?? 0)" }.joined(
            separator: ", ")
        var result: [Conformance.Measurement] = [
            measure(MetricName.privacyOfflineMismatches, nil, "", Self.offlineReason)
        ]
        result.append(
            measure(
                MetricName.privacyEgressPackets, Double(summary.devicePackets),
                "frames the device sent on its link during the judged span (the session; with --privacy-capture the whole capture), every protocol: \(summary.devicePackets), \(summary.deviceBytes) bytes "
                    + "(\(summary.protocols.prefix(4).joined(separator: ", "))); during inference: \(perWorkload); "
                    + "\(traffic.summary); \(linkNote); \(source); \(pcapNote)"))
        let searched =
            "\(summary.frames) frames of the device's link (control channel excluded) and \(traffic.upkeepFrames) exempt link-upkeep frames, "
            + "and \(summary.dnsQueries.count) DNS names"
        if hits.isEmpty {
            result.append(
                measure(
                    MetricName.privacyCanaryHitsTraffic, 0, "no canary found in \(searched); \(FlowReassembly.reach)"))
        } else {
            let shown = hits.prefix(3).map(\.description).joined(separator: "; ")
            result.append(
                measure(
                    MetricName.privacyCanaryHitsTraffic, Double(hits.count),
                    "\(hits.count) canary hits in \(searched): \(shown)\(hits.count > 3 ? "; …" : ""); \(FlowReassembly.reach)"
                ))
        }
        result.append(measure(MetricName.privacyCanaryHitsStorage, nil, "", Self.storageReason))
        if declaration.telemetry.present && !declaration.telemetry.consentOffByDefault {
            result.append(
                measure(
                    MetricName.privacyTelemetryConnections, nil, "",
                    "telemetry consent is on by default and the declaration gives no way to turn it off"))
        } else {
            result.append(
                measure(
                    MetricName.privacyTelemetryConnections, Double(summary.connectionsOpened),
                    "conversations of any protocol the device opened during the judged span with consent off (exact DHCP client messages of an exchange "
                        + "the lab's server answered, and ARP with the harness, set apart): \(summary.connectionsOpened); "
                        + "\(linkNote); \(source); \(pcapNote)"))
        }
        result.append(measure(MetricName.privacyCanaryHitsAfterErase, nil, "", Self.storageReason))
        return result
    }

    /// Whether the link went down and came back during what was judged, and how many of the
    /// device's frames came after it came back (a reboot does not end the judged span).
    var linkNote: String {
        guard let linkState else { return "link state not recorded (\(source))" }
        guard linkState.unobserved == nil else { return linkState.line(since: span.lowerBound) }
        guard let back = linkState.lastReturnNs else {
            return "the link stayed up during the capture"
        }
        let after = traffic.device.filter { !$0.sentByObserver && $0.timeNs >= back }.count
        return
            "\(linkState.line(since: span.lowerBound)); \(after) of the device's frames counted here came after the link "
            + "came back up at +\(String(format: "%.1f", Double(back - span.lowerBound) / 1e9)) s"
    }

    /// The capture's report entry.
    static func report(
        source: PrivacyCaptureSource, deviceAddresses: Set<String>, control: ControlChannel, traffic: LinkTraffic,
        evidenceFiles: [AssetFile],
        notes: [String]
    ) -> InstrumentReport {
        var identity = [
            "device_addresses": deviceAddresses.sorted().joined(separator: ", "),
            "control_channel": control.description,
            "clock": "frame times and inference windows on the harness machine's CLOCK_REALTIME",
        ]
        switch source {
        case .gateway(let interface):
            identity["interface"] = interface
            identity["method"] =
                "AF_PACKET capture (receive only) on the gateway interface, started before the device's session (before the run's first "
                + "connection with --privacy-capture) and stopped after it (at the long capture's end), its link state watched over rtnetlink"
        case .labPcap(let path):
            identity["pcap"] = path
            identity["method"] =
                "classic pcap recorded by the lab on the device's link, read after the session (its clock must be this machine's)"
        }
        let name = if case .gateway = source { "gateway-capture" } else { "lab-pcap" }
        return InstrumentReport(
            name: name, kind: "network-capture", identity: identity, evidenceFiles: evidenceFiles,
            notes: [traffic.summary] + notes)
    }

    private func measure(
        _ metric: String, _ value: Double?, _ evidence: String, _ reason: String? = nil
    ) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: metric, value: value, unit: "count", valid: value != nil, evidence: evidence,
            reason: value == nil ? reason : nil)
    }
}
