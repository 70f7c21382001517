import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// A remote device's privacy from a pcap the lab recorded (written here by our own PcapWriter):
/// a canary the device sent during inference is caught; a clean link gives zeros; the harness's
/// own control connection is never counted; a capture that missed the session or is not a pcap
/// leaves the clauses without a value, with the reason naming the file.
@Suite struct LabPcapTests {
    static let device: [UInt8] = [192, 0, 2, 7]
    static let harness: [UInt8] = [192, 0, 2, 1]
    static let port: UInt16 = 7000
    static let sessionNs: ClosedRange<Int64> = 1_700_000_000_000_000_000...1_700_000_010_000_000_000
    static let window = InferenceWindow(
        workloadID: "digits-cnn-fp32", beginNs: 1_700_000_002_000_000_000, endNs: 1_700_000_008_000_000_000)

    @Test func aCanaryTheDeviceSentIsCaughtWithItsFlow() throws {
        let canary = Canary.random(float32Safe: true, origin: "digits-cnn-fp32/input[sample 0]")
        let leak = LinkFrames.frame(
            Self.window.beginNs + 1_000,
            LinkFrames.tcp(
                from: Self.device, to: [192, 0, 2, 99], ports: (51_000, 443), flags: 0x02,
                payload: [1, 2] + canary.bytes))
        let outcome = try judge(extra: [leak], canaries: [canary])
        #expect(outcome.measurement("privacy.egress_packets")?.value == 1)
        #expect(outcome.measurement("privacy.canary_hits_traffic")?.value == 1)
        #expect(outcome.measurement("privacy.telemetry_connections")?.value == 1)
        let hit = try #require(outcome.hits.first)
        #expect(hit.location.contains("192.0.2.7:51000 > 192.0.2.99:443"))
        #expect(outcome.measurement("privacy.canary_hits_traffic")?.evidence.contains(hit.canaryDigest) == true)
    }

    /// A DHCP exchange the lab's server answered is exempt from egress and listed by transaction,
    /// but its free-text fields are still searched: a canary in the host name option is a hit.
    /// The same DISCOVER without the server's reply is not set apart.
    @Test func anAnsweredDHCPExchangeIsExemptButItsHostNameIsSearched() throws {
        let canary = Canary.random(float32Safe: true, origin: "digits-cnn-fp32/input[sample 0]")
        let discover = LinkFrames.frame(
            Self.window.beginNs + 1_000,
            LinkExemptionTests.dhcpDiscover(extraOption: [12, UInt8(canary.bytes.count)] + canary.bytes))
        var bootp = [UInt8](repeating: 0, count: 240)
        bootp[0] = 2
        bootp.replaceSubrange(236..<240, with: [0x63, 0x82, 0x53, 0x63])
        let options: [UInt8] = [53, 1, 2, 255]
        let udp: [UInt8] = [0, 67, 0, 68, 0, UInt8(8 + bootp.count + options.count), 0, 0]
        let length = 20 + udp.count + bootp.count + options.count
        let ip: [UInt8] =
            [0x45, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, 0, 64, 17, 0, 0] + Self.harness
            + [255, 255, 255, 255]
        let reply = LinkFrames.frame(
            Self.window.beginNs + 2_000,
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x09, 0x08, 0x00] + ip + udp + bootp + options)
        let answered = try judge(extra: [discover, reply], canaries: [canary])
        #expect(answered.measurement("privacy.egress_packets")?.value == 0)
        #expect(answered.measurement("privacy.canary_hits_traffic")?.value == 1)
        let evidence = answered.measurement("privacy.egress_packets")?.evidence ?? ""
        #expect(evidence.contains("DHCP exchange xid 0x0 of 02:00:00:00:00:01 answered by 192.0.2.1"), "\(evidence)")
        // Unanswered, it is not upkeep (a lab pcap attributes it to the device by --device-address:
        // its MAC, as its IPv4 source is 0.0.0.0); the canary is found either way.
        let unanswered = try judge(extra: [discover], canaries: [canary])
        #expect(unanswered.measurement("privacy.canary_hits_traffic")?.value == 1)
        #expect(!(unanswered.measurement("privacy.egress_packets")?.evidence.contains("DHCP exchange") ?? true))
    }

    @Test func aCleanLinkGivesZerosAndTheControlChannelIsNotCounted() throws {
        let canary = Canary.random(float32Safe: true, origin: "digits-cnn-fp32/input[sample 0]")
        let outcome = try judge(extra: [], canaries: [canary])
        for metric in ["privacy.egress_packets", "privacy.canary_hits_traffic", "privacy.telemetry_connections"] {
            #expect(
                outcome.measurement(metric)?.value == 0, "\(metric): \(outcome.measurement(metric)?.evidence ?? "")")
        }
        #expect(
            outcome.measurement("privacy.egress_packets")?.evidence.contains(
                "5 control-channel frames, 2 link-upkeep frames") == true)
        for metric in ["privacy.offline_mismatches", "privacy.canary_hits_storage", "privacy.canary_hits_after_erase"] {
            #expect(outcome.measurement(metric)?.value == nil)
            #expect(outcome.measurement(metric)?.reason?.contains("remote device") == true)
        }
        let report = try #require(outcome.reports.first)
        #expect(report.kind == "network-capture" && report.identity["pcap"] != nil)
    }

    @Test func aCaptureWithoutTheSessionsControlConnectionIsNotTakenForASilentDevice() throws {
        let canary = Canary.random(float32Safe: true, origin: "digits-cnn-fp32/input[sample 0]")
        let audit = try Self.audit(pcap: "/nonexistent/lab.pcap")
        let stale = LinkFrames.controlSession(
            device: Self.device, harness: Self.harness, port: Self.port,
            openNs: Self.sessionNs.lowerBound - 90_000_000_000,
            closeNs: Self.sessionNs.lowerBound - 80_000_000_000)
        let outcome = audit.judge(
            frames: stale, canaries: [canary], session: (Self.session(), nil), span: Self.sessionNs,
            workloads: audit.suite.workloads.filter { $0.id == "digits-cnn-fp32" },
            evidenceFiles: [], notes: [])
        for metric in PrivacyOutcome.metrics {
            #expect(outcome.measurement(metric)?.value == nil)
            #expect(
                outcome.measurement(metric)?.reason?.contains("does not show the harness's control connection") == true)
        }
    }

    @Test func aMalformedPcapIsRefusedNamingTheFile() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let path = try folder.write("lab.pcap", data: Data("this is not a capture, just text".utf8))
        let audit = try Self.audit(pcap: path)
        #expect(throws: PrivacyError.self) { try audit.readLabPcap(path, session: Self.sessionNs) }
        do {
            _ = try audit.readLabPcap(path, session: Self.sessionNs)
        } catch {
            #expect(error.message.contains(path) && error.message.contains("not a classic pcap"))
        }
        let truncated = try folder.write(
            "short.pcap",
            data: PcapWriter().encode(
                LinkFrames.controlSession(
                    device: Self.device, harness: Self.harness, port: Self.port, openNs: Self.sessionNs.lowerBound + 1,
                    closeNs: Self.sessionNs.upperBound - 1)
            ).dropLast(5))
        do {
            _ = try audit.readLabPcap(truncated, session: Self.sessionNs)
            Issue.record("a truncated pcap was accepted")
        } catch {
            #expect(error.message.contains(truncated) && error.message.contains("past the end"))
        }
    }

    /// Writes the lab's pcap (control session + `extra`), reads it back as the audit does, judges it.
    private func judge(extra: [CapturedFrame], canaries: [Canary]) throws -> PrivacyOutcome {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let path = "\(folder.path)/lab.pcap"
        let control = LinkFrames.controlSession(
            device: Self.device, harness: Self.harness, port: Self.port, openNs: Self.sessionNs.lowerBound + 1_000,
            closeNs: Self.sessionNs.upperBound - 1_000)
        try PcapWriter().write((control + extra).sorted { $0.timeNs < $1.timeNs }, to: path)
        let audit = try Self.audit(pcap: path)
        let frames = try audit.readLabPcap(path, session: Self.sessionNs)
        let evidence = AssetFile(path: path, sha256: FileDigest.sha256(file: path) ?? "")
        let outcome = audit.judge(
            frames: frames, canaries: canaries, session: (Self.session(), nil), span: Self.sessionNs,
            workloads: audit.suite.workloads.filter { $0.id == "digits-cnn-fp32" },
            evidenceFiles: [evidence], notes: [])
        #expect(outcome.measurements.map(\.metric) == PrivacyOutcome.metrics)
        return outcome
    }

    static func session() -> AgentSessionOutputs {
        var session = AgentSessionOutputs()
        session.windows = [window]
        session.outputs["digits-cnn-fp32"] = [:]
        return session
    }

    static func audit(pcap: String) throws -> RemotePrivacyAudit {
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let declaration = DeviceDeclaration(
            name: "lab-phone", deviceClass: suite.deviceClass.rawValue, onDeviceWorkloads: ["digits-cnn-fp32"],
            telemetry: TelemetryDeclaration(present: false, consentOffByDefault: true), erase: .agentOperation,
            storage: [], logs: [],
            path: "lab-phone.yaml")
        // The driver is never connected: judge() and readLabPcap() only read frames.
        let driver = TCPDriver(host: "192.0.2.7", port: Int(port), token: "unused")
        return RemotePrivacyAudit(
            suite: suite, declaration: declaration, driver: driver, source: .labPcap(path: pcap),
            deviceAddresses: ["192.0.2.7"],
            workdir: "/nonexistent", logger: Logger(label: "lab-pcap-test"), pcapSettleSeconds: 0)
    }
}
