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
}
