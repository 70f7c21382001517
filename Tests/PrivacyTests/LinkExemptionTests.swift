import Testing

@testable import Privacy

/// Exemptions are made only after the frame parses as exactly the upkeep it claims to be; a frame
/// that merely has the right Ethernet type or port numbers is the device's traffic.
@Suite struct LinkExemptionTests {
    static let device: [UInt8] = [0x02, 0, 0, 0, 0, 0x01]
    static let sink: [UInt8] = [0x02, 0, 0, 0, 0, 0x02]

    static func arpRequest(padding: [UInt8] = Array(repeating: 0, count: 18)) -> [UInt8] {
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff] + device + [0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01]
            + device
            + [10, 250, 1, 1] + [0, 0, 0, 0, 0, 0] + [10, 250, 1, 2] + padding
    }

    @Test func arpResolutionIsExemptOnlyWhenExact() throws {
        let request = try #require(ARPMessage(frame: Self.arpRequest()))
        #expect(
            request.resolves(
                from: (mac: "02:00:00:00:00:01", ip: "10.250.1.1"), to: (mac: "02:00:00:00:00:02", ip: "10.250.1.2")))
        // the same request for another host is not resolution with the sink
        #expect(
            !request.resolves(
                from: (mac: "02:00:00:00:00:01", ip: "10.250.1.1"), to: (mac: "02:00:00:00:00:09", ip: "10.250.1.9")))
        // data hidden in the padding, a longer frame, or a sender MAC other than the frame's source: not ARP
        #expect(ARPMessage(frame: Self.arpRequest(padding: Array(repeating: 0, count: 17) + [0x41])) == nil)
        #expect(ARPMessage(frame: Self.arpRequest(padding: Array(repeating: 0, count: 40))) == nil)
        var spoofed = Self.arpRequest()
        spoofed[22] = 0x0A
        #expect(ARPMessage(frame: spoofed) == nil)
    }

    static func dhcpDiscover(extraOption: [UInt8] = [], trailer: [UInt8] = [], sourcePort: UInt8 = 68) -> [UInt8] {
        var bootp = [UInt8](repeating: 0, count: 240)
        bootp[0] = 1
        bootp[1] = 1
        bootp[2] = 6
        bootp.replaceSubrange(28..<34, with: device)
        bootp.replaceSubrange(236..<240, with: [0x63, 0x82, 0x53, 0x63])
        let options: [UInt8] = [53, 1, 1] + extraOption + [255] + trailer
        let udpLength = 8 + bootp.count + options.count
        let udp: [UInt8] = [0, sourcePort, 0, 67, UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        let total = 20 + udpLength
        let ip: [UInt8] = [
            0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0, 0, 64, 17, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255,
        ]
        return [0xff, 0xff, 0xff, 0xff, 0xff, 0xff] + device + [0x08, 0x00] + ip + udp + bootp + options
    }

    /// The transaction of ``dhcpDiscover(extraOption:trailer:sourcePort:)`` (xid 0), answered.
    static let answered: [UInt32: String] = [0: "10.250.1.2"]

    @Test func dhcpIsExemptOnlyWhenItParsesAsAClientMessageOfAnAnsweredExchange() {
        #expect(DHCPClientMessage(frame: Self.dhcpDiscover())?.messageType == 1)
        // a well-formed client message that no server answered is the device's traffic
        #expect(!LinkTraffic.isUpkeep(Self.dhcpDiscover(), deviceAddresses: ["10.250.1.1"], peers: [], answered: [:]))
        #expect(
            !LinkTraffic.isUpkeep(
                Self.dhcpDiscover(), deviceAddresses: ["10.250.1.1"], peers: [], answered: [7: "10.250.1.2"]))
        #expect(
            LinkTraffic.isUpkeep(
                Self.dhcpDiscover(), deviceAddresses: ["10.250.1.1"], peers: [], answered: Self.answered))
        // UDP 68 → 67 that is not a well-formed client message (bytes after END, an option outside
        // a client's set, another source port) is the device's traffic, whatever its ports
        #expect(
            !LinkTraffic.isUpkeep(
                Self.dhcpDiscover(trailer: [0x41, 0x42]), deviceAddresses: ["10.250.1.1"], peers: [],
                answered: Self.answered))
        #expect(
            !LinkTraffic.isUpkeep(
                Self.dhcpDiscover(extraOption: [43, 2, 0x41, 0x42]), deviceAddresses: ["10.250.1.1"], peers: [],
                answered: Self.answered))
        #expect(
            !LinkTraffic.isUpkeep(
                Self.dhcpDiscover(sourcePort: 69), deviceAddresses: ["10.250.1.1"], peers: [], answered: Self.answered))
        var payload = Self.dhcpDiscover()
        payload[14 + 20 + 8 + 44] = 0x41  // a byte in `sname`
        #expect(!LinkTraffic.isUpkeep(payload, deviceAddresses: ["10.250.1.1"], peers: [], answered: Self.answered))
    }

    @Test func everyProtocolCountsAsAConversation() {
        let icmp = PrivacyPrimitiveTests.ipv4Frame(
            protocol: 1, from: [10, 250, 1, 1], to: [10, 250, 1, 2], ports: (0x0800, 0), transport: [0, 0, 0, 0])
        let raw: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0x5e, 0, 0, 1, 0x88, 0xb5, 1, 2, 3]
        let frames = [icmp, raw, icmp].enumerated().map {
            CapturedFrame(seconds: Int64($0.offset), nanoseconds: 0, bytes: $0.element)
        }
        let summary = FlowSummary(
            frames: frames, isDevice: { frame, _ in !frame.sentByObserver }, exemption: { _ in nil })
        #expect(summary.devicePackets == 3)
        #expect(summary.connectionsOpened == 2)
        #expect(summary.protocols.contains { $0.hasPrefix("icmp 2 frames") })
        #expect(summary.protocols.contains { $0.hasPrefix("ether-88b5 1 frames") })
    }

    @Test func offlineComparisonAllowsTheRunRulesTolerance() {
        let value = 0.8125
        let flipped = Double(Float(bitPattern: Float(value).bitPattern ^ 1))
        var connected = AgentSessionOutputs()
        var cut = AgentSessionOutputs()
        connected.outputs["w"] = [0: ["logits": [value, 2]]]
        cut.outputs["w"] = [0: ["logits": [flipped, 2]]]
        #expect(connected.mismatches("w", against: cut, sampleCount: 1, tolerance: 0) == 1)
        #expect(connected.mismatches("w", against: cut, sampleCount: 1, tolerance: 1e-5) == 0)
        cut.outputs["w"] = [0: ["logits": [value * 1.01, 2]]]
        #expect(connected.mismatches("w", against: cut, sampleCount: 1, tolerance: 1e-5) == 1)
    }
}
