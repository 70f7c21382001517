import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

@Suite struct PrivacyPrimitiveTests {
    let canary = Canary(bytes: Array(0x10...0x1F), origin: "test")

    @Test func canaryIsFoundInEveryEncodingAndAlignment() {
        let search = CanarySearch(canaries: [canary])
        for prefix in 0..<3 {
            let stream = [UInt8](repeating: 0x41, count: prefix) + canary.bytes + [0x42, 0x43]
            let base64 = Array(Data(stream).base64EncodedString().utf8)
            #expect(
                search.hits(in: base64, source: "t", location: "b64").contains { $0.encoding == .base64 },
                "alignment \(prefix)")
        }
        let hex = Array(("xx" + canary.bytes.map { String(format: "%02X", $0) }.joined()).utf8)
        #expect(search.hits(in: hex, source: "t", location: "hex").map(\.encoding) == [.hexUpper])
        let raw = [0, 1] + canary.bytes
        #expect(search.hits(in: raw, source: "t", location: "raw").first?.offset == 2)
        #expect(search.hits(in: Array(canary.bytes.dropLast()), source: "t", location: "short").isEmpty)
    }

    @Test func float32SafeCanariesAreFiniteFloats() {
        for _ in 0..<50 {
            let bytes = Canary.random(float32Safe: true, origin: "x").bytes
            for word in stride(from: 0, to: 16, by: 4) {
                let bits =
                    UInt32(bytes[word]) | UInt32(bytes[word + 1]) << 8 | UInt32(bytes[word + 2]) << 16 | UInt32(
                        bytes[word + 3]) << 24
                let value = Float(bitPattern: bits)
                #expect(value.isFinite && value > 0 && value < 2)
            }
        }
    }

    @Test func pcapRoundTripsFramesAndTimes() throws {
        let frames = [
            CapturedFrame(seconds: 1_700_000_000, nanoseconds: 123_456_789, bytes: [1, 2, 3, 4]),
            CapturedFrame(
                seconds: 1_700_000_001, nanoseconds: 5, bytes: Array(repeating: 9, count: 70), originalLength: 90),
        ]
        let decoded = try PcapReader().decode([UInt8](PcapWriter().encode(frames)))
        #expect(decoded == frames)
        var truncated = [UInt8](PcapWriter().encode(frames))
        truncated.removeLast(3)
        #expect(throws: PrivacyError.self) { try PcapReader().decode(truncated) }
    }

    @Test func dnsQueryIsAnsweredWithTheSinkAddress() throws {
        let query: [UInt8] =
            [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3] + Array("abc".utf8) + [4] + Array("leak".utf8) + [
                0, 0, 1, 0, 1,
            ]
        let message = try #require(DNSMessage(query: query))
        #expect(message.name == "abc.leak")
        let reply = message.answer(ipv4: [10, 250, 1, 2])
        #expect(Array(reply.suffix(4)) == [10, 250, 1, 2])
        #expect(reply[7] == 1)
        #expect(DNSMessage(query: Array(query.prefix(10))) == nil)
    }

    @Test func declarationLoaderReportsFileAndLine() throws {
        let loader = DeviceDeclarationLoader(directory: "\(ProjectRoot.path)/Suites/devices")
        let local = try loader.load("local")
        #expect(local.erase == .agentOperation && local.onDeviceWorkloads.count == 2)
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        try loader.validate(local, against: suite)
        let bad =
            "device: x\ndevice_class: smartphone\ntelemetry: {present: false, consent_default: maybe}\nerase: agent\n"
        let error = #expect(throws: SuiteError.self) { try loader.parse(text: bad, path: "/d.yaml") }
        #expect(error?.description == "/d.yaml:3: telemetry.consent_default: expected 'off' or 'on', found 'maybe'")
        let wrong =
            "device: x\ndevice_class: smartphone\non_device: [nope]\ntelemetry: {present: false, consent_default: off}\nerase: agent\n"
        let declaration = try loader.parse(text: wrong, path: "/d.yaml")
        #expect(throws: SuiteError.self) { try loader.validate(declaration, against: suite) }
    }

    @Test func flowSummaryCountsDeviceConnectionsAndWindows() {
        let device = "10.250.1.1"
        let udp = Self.ipv4Frame(
            protocol: 17, from: [10, 250, 1, 1], to: [10, 250, 1, 2], ports: (40000, 53), transport: [0, 0, 0, 0])
        let syn = Self.ipv4Frame(
            protocol: 6, from: [10, 250, 1, 1], to: [10, 250, 1, 2], ports: (40001, 9),
            transport: Array(repeating: 0, count: 8) + [0x50, 0x02] + Array(repeating: 0, count: 6))
        let reply = Self.ipv4Frame(
            protocol: 6, from: [10, 250, 1, 2], to: [10, 250, 1, 1], ports: (9, 40001),
            transport: Array(repeating: 0, count: 8) + [0x50, 0x12] + Array(repeating: 0, count: 6))
        let frames = [
            CapturedFrame(seconds: 10, nanoseconds: 0, bytes: udp),
            CapturedFrame(seconds: 20, nanoseconds: 0, bytes: syn),
            CapturedFrame(seconds: 20, nanoseconds: 1, bytes: reply),
        ]
        let summary = FlowSummary(
            frames: frames, deviceAddresses: [device],
            windows: [InferenceWindow(workloadID: "w", beginNs: 15_000_000_000, endNs: 25_000_000_000)])
        #expect(summary.devicePackets == 2)
        #expect(summary.connectionsOpened == 2)
        #expect(summary.egressDuringInference == 1)
        #expect(summary.flows.count == 3)
    }

    /// An Ethernet + IPv4 frame; `transport` follows the 4 port bytes.
    static func ipv4Frame(
        protocol number: UInt8, from: [UInt8], to: [UInt8], ports: (UInt16, UInt16), transport: [UInt8]
    ) -> [UInt8] {
        let ethernet: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]
        let body = [UInt8(ports.0 >> 8), UInt8(ports.0 & 0xFF), UInt8(ports.1 >> 8), UInt8(ports.1 & 0xFF)] + transport
        let total = 20 + body.count
        let ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0, 0, 64, number, 0, 0] + from + to
        return ethernet + ip + body
    }
}
