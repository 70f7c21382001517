import Harness

/// The device's frames on an observed link and the figures the privacy clauses read from them.
///
/// Every frame the device sent counts, whatever its protocol (IPv4, IPv6, ICMP, ARP, any Ethernet
/// type) and whenever it was sent within the observation; a frame is set apart only when an
/// exemption parsed it as exactly a piece of link upkeep, and each exemption is counted by name.
package struct FlowSummary: Sendable {
    /// Every conversation (flow) on the link, in order of first appearance; exempt frames excluded.
    package let flows: [FlowRecord]
    /// Frames in the capture.
    package let frames: Int
    /// Frames the device sent, exempt ones excluded.
    package let devicePackets: Int
    /// Bytes the device sent, exempt ones excluded.
    package let deviceBytes: Int
    /// Frames the device sent inside an inference window, per workload.
    package let devicePacketsDuringInference: [String: Int]
    /// Frames the device sent that an exemption set apart, per exemption.
    package let exempted: [String: Int]
    /// The device's conversations of every protocol: one per distinct (protocol, source, source
    /// port, destination, destination port) it sent, DNS queries, ICMP and raw Ethernet included.
    package let connectionsOpened: Int
    /// Names the device asked DNS for.
    package let dnsQueries: [String]

    /// Summarises `frames` attributing them by address (lab pcaps): a frame is the device's when
    /// its source (IP address, ARP sender or MAC) is in `deviceAddresses`.
    package init(frames captured: [CapturedFrame], deviceAddresses: Set<String>, windows: [InferenceWindow] = []) {
        self.init(
            frames: captured,
            isDevice: { frame, decoded in
                deviceAddresses.contains(decoded.source)
                    || (frame.bytes.count >= 12 && deviceAddresses.contains(EthernetAddress.text(frame.bytes, at: 6)))
            },
            exemption: { _ in nil }, windows: windows)
    }

    /// Summarises `frames`; `isDevice` attributes a frame to the device, `exemption` names the
    /// link upkeep a device frame exactly is (nil: it is judged).
    package init(
        frames captured: [CapturedFrame], isDevice: (CapturedFrame, DecodedFrame) -> Bool,
        exemption: ([UInt8]) -> String?,
        windows: [InferenceWindow] = []
    ) {
        var flows: [FlowRecord] = []
        var index: [String: Int] = [:]
        var devicePackets = 0
        var deviceBytes = 0
        var during: [String: Int] = [:]
        var exempted: [String: Int] = [:]
        var dns: [String] = []
        for frame in captured {
            let decoded = DecodedFrame.decode(frame.bytes)
            let fromDevice = isDevice(frame, decoded)
            if fromDevice, let reason = exemption(frame.bytes) {
                exempted[reason, default: 0] += 1
                continue
            }
            let key =
                "\(fromDevice)|\(decoded.proto)|\(decoded.source)|\(decoded.sourcePort)|\(decoded.destination)|\(decoded.destinationPort)"
            if let at = index[key] {
                flows[at].packets += 1
                flows[at].bytes += frame.originalLength
                flows[at].lastNs = max(flows[at].lastNs, frame.timeNs)
            } else {
                index[key] = flows.count
                flows.append(
                    FlowRecord(
                        proto: decoded.proto, source: decoded.source, sourcePort: decoded.sourcePort,
                        destination: decoded.destination,
                        destinationPort: decoded.destinationPort, packets: 1, bytes: frame.originalLength,
                        firstNs: frame.timeNs,
                        lastNs: frame.timeNs, fromDevice: fromDevice))
            }
            guard fromDevice else { continue }
            devicePackets += 1
            deviceBytes += frame.originalLength
            for window in windows where window.contains(frame.timeNs) { during[window.workloadID, default: 0] += 1 }
            if decoded.proto == "udp" || decoded.proto == "udp6", decoded.destinationPort == 53,
                let query = DNSMessage(query: Array(frame.bytes[decoded.payloadOffset...]))
            {
                dns.append(query.name)
            }
        }
        self.flows = flows
        self.frames = captured.count
        self.devicePackets = devicePackets
        self.deviceBytes = deviceBytes
        self.devicePacketsDuringInference = during
        self.exempted = exempted
        self.connectionsOpened = flows.filter(\.fromDevice).count
        self.dnsQueries = dns
    }

    /// Frames the device sent inside any inference window.
    package var egressDuringInference: Int { devicePacketsDuringInference.values.reduce(0, +) }

    /// The device's frames by protocol, largest first: `icmp 1292 frames (1603704 bytes)`.
    package var protocols: [String] {
        var byProtocol: [String: (frames: Int, bytes: Int)] = [:]
        for flow in flows where flow.fromDevice {
            byProtocol[flow.proto, default: (0, 0)].frames += flow.packets
            byProtocol[flow.proto, default: (0, 0)].bytes += flow.bytes
        }
        return byProtocol.sorted { ($0.value.frames, $1.key) > ($1.value.frames, $0.key) }.map {
            "\($0.key) \($0.value.frames) frames (\($0.value.bytes) bytes)"
        }
    }

    /// What was set apart, for the evidence: `exempt: 2 ARP resolution device → sink`, or a
    /// sentence saying nothing was.
    package var exemptionNote: String {
        exempted.isEmpty
            ? "no frame exempted"
            : "exempt after parsing: "
                + exempted.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    /// Lines for the report: totals, protocols, exemptions, then the device's flows (at most `limit`).
    package func lines(limit: Int = 20) -> [String] {
        let deviceFlows = flows.filter(\.fromDevice)
        var result = [
            "\(frames) frames captured; the device sent \(devicePackets) (\(deviceBytes) bytes) in \(deviceFlows.count) flows; \(exemptionNote)"
        ]
        if !protocols.isEmpty { result.append("device frames by protocol: " + protocols.joined(separator: ", ")) }
        result += deviceFlows.prefix(limit).map(\.description)
        if deviceFlows.count > limit { result.append("… \(deviceFlows.count - limit) more device flows in the pcap") }
        if !dnsQueries.isEmpty {
            result.append(
                "DNS names asked: \(dnsQueries.count) (first: \(dnsQueries.prefix(3).joined(separator: ", ")))")
        }
        return result
    }
}
