import Harness

/// The flows of a capture and the figures the privacy clauses read from them.
public struct FlowSummary: Sendable {
    /// Every flow, in order of first appearance.
    public let flows: [FlowRecord]
    /// Frames in the capture.
    public let frames: Int
    /// Frames the device sent.
    public let devicePackets: Int
    /// Bytes the device sent.
    public let deviceBytes: Int
    /// Frames the device sent inside an inference window, per workload.
    public let devicePacketsDuringInference: [String: Int]
    /// Connections the device opened: TCP SYNs plus UDP flows (DNS queries included).
    public let connectionsOpened: Int
    /// Names the device asked DNS for.
    public let dnsQueries: [String]

    /// Summarises `frames`; a frame is the device's when its source (IPv4 address, ARP sender or
    /// MAC) is in `deviceAddresses`.
    public init(frames captured: [CapturedFrame], deviceAddresses: Set<String>, windows: [InferenceWindow] = []) {
        var flows: [FlowRecord] = []
        var index: [String: Int] = [:]
        var devicePackets = 0
        var deviceBytes = 0
        var during: [String: Int] = [:]
        var syns = 0
        var dns: [String] = []
        for frame in captured {
            let decoded = DecodedFrame.decode(frame.bytes)
            let fromDevice = deviceAddresses.contains(decoded.source) || Self.sourceMAC(frame.bytes).map(deviceAddresses.contains) == true
            let key = "\(decoded.proto)|\(decoded.source)|\(decoded.sourcePort)|\(decoded.destination)|\(decoded.destinationPort)"
            if let at = index[key] {
                flows[at].packets += 1
                flows[at].bytes += frame.originalLength
                flows[at].lastNs = max(flows[at].lastNs, frame.timeNs)
            } else {
                index[key] = flows.count
                flows.append(
                    FlowRecord(
                        proto: decoded.proto, source: decoded.source, sourcePort: decoded.sourcePort, destination: decoded.destination,
                        destinationPort: decoded.destinationPort, packets: 1, bytes: frame.originalLength, firstNs: frame.timeNs,
                        lastNs: frame.timeNs, fromDevice: fromDevice))
            }
            guard fromDevice else { continue }
            devicePackets += 1
            deviceBytes += frame.originalLength
            for window in windows where window.contains(frame.timeNs) { during[window.workloadID, default: 0] += 1 }
            if decoded.isConnectionOpen { syns += 1 }
            if decoded.proto == "udp", decoded.destinationPort == 53,
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
        self.connectionsOpened = syns + flows.filter { $0.fromDevice && $0.proto == "udp" }.count
        self.dnsQueries = dns
    }

    /// Frames the device sent inside any inference window.
    public var egressDuringInference: Int { devicePacketsDuringInference.values.reduce(0, +) }

    /// Lines for the report: totals, then the device's flows (at most `limit`).
    public func lines(limit: Int = 20) -> [String] {
        var result = ["\(frames) frames captured; the device sent \(devicePackets) (\(deviceBytes) bytes) in \(flows.filter(\.fromDevice).count) flows"]
        let deviceFlows = flows.filter(\.fromDevice)
        result += deviceFlows.prefix(limit).map(\.description)
        if deviceFlows.count > limit { result.append("… \(deviceFlows.count - limit) more device flows in the pcap") }
        if !dnsQueries.isEmpty {
            result.append("DNS names asked: \(dnsQueries.count) (first: \(dnsQueries.prefix(3).joined(separator: ", ")))")
        }
        return result
    }

    private static func sourceMAC(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 12 else { return nil }
        return bytes[6..<12].map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
    }
}
