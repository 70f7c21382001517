import Foundation
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// Remote devices: a pcap recorded by a lab (here written by our own writer) gives the same flow
/// summary and canary search as the namespace audit.
@Suite struct PcapAnalysisTests {
    @Test func findsAHexCanaryInALabCaptureAndTheFlowThatCarriedIt() throws {
        let folder = try TemporaryFolder()
        let canary = Canary.random(float32Safe: false, origin: "lab/input[sample 0]")
        let leak = Array(canary.bytes.map { String(format: "%02x", $0) }.joined().utf8)
        let frame = PrivacyPrimitiveTests.ipv4Frame(
            protocol: 17, from: [192, 0, 2, 7], to: [198, 51, 100, 1], ports: (5000, 443),
            transport: [0, 0, 0, 0] + leak)
        let quiet = PrivacyPrimitiveTests.ipv4Frame(
            protocol: 17, from: [198, 51, 100, 1], to: [192, 0, 2, 7], ports: (443, 5000),
            transport: [0, 0, 0, 0, 1, 2])
        let path = "\(folder.path)/lab.pcap"
        try PcapWriter().write(
            [
                CapturedFrame(seconds: 1, nanoseconds: 0, bytes: frame),
                CapturedFrame(seconds: 2, nanoseconds: 0, bytes: quiet),
            ], to: path)
        let result = try PcapAnalysis(deviceAddresses: ["192.0.2.7"]).analyze(path: path, canaries: [canary])
        #expect(result.summary.devicePackets == 1)
        #expect(result.summary.connectionsOpened == 1)
        let hit = try #require(result.hits.first)
        #expect(result.hits.count == 1)
        #expect(hit.encoding == .hexLower && hit.offset == 14 + 20 + 8)
        #expect(hit.location.contains("192.0.2.7:5000 > 198.51.100.1:443"))
        let clean = try PcapAnalysis(deviceAddresses: ["192.0.2.7"]).analyze(
            path: path, canaries: [Canary.random(float32Safe: false, origin: "other")])
        #expect(clean.hits.isEmpty)
    }

    /// A canary sent over TCP in 8-byte segments, out of order and with one segment sent twice (a
    /// retransmission): no frame holds it, the stream put back by sequence number does. The same
    /// pieces spread over two conversations are not put back together (the stated limit).
    @Test func aCanaryInPiecesSmallerThanItselfIsFoundInItsJoinedStream() throws {
        let canary = Canary.random(count: 64, float32Safe: false, origin: "lab/input[sample 0]")
        let pieces = stride(from: 0, to: canary.bytes.count, by: 8).map {
            (offset: $0, bytes: Array(canary.bytes[$0..<min($0 + 8, canary.bytes.count)]))
        }
        func segment(_ piece: (offset: Int, bytes: [UInt8]), port: UInt16 = 5000) -> CapturedFrame {
            let sequence = UInt32(1_000_000 + piece.offset)
            let header: [UInt8] =
                [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: sequence >> $0) }
                + [0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]
            return CapturedFrame(
                seconds: 1, nanoseconds: 0,
                bytes: PrivacyPrimitiveTests.ipv4Frame(
                    protocol: 6, from: [192, 0, 2, 7], to: [198, 51, 100, 1], ports: (port, 443),
                    transport: header + piece.bytes))
        }
        var frames = pieces.map { segment($0) }
        frames.swapAt(1, 2)
        frames.insert(segment(pieces[3]), at: 5)
        let analysis = PcapAnalysis(deviceAddresses: ["192.0.2.7"])
        let result = analysis.analyze(frames: frames, canaries: [canary])
        #expect(result.hits.count == 1)
        #expect(result.hits.first?.location.contains("reassembled from \(frames.count) frames") == true)
        let spread = pieces.enumerated().map { segment($0.element, port: $0.offset % 2 == 0 ? 5000 : 5001) }
        #expect(analysis.analyze(frames: spread, canaries: [canary]).hits.isEmpty)
    }
}
