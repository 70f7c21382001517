import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

#if canImport(Glibc)
import Glibc
#endif

/// Lab gateway mode against the real agent: a device namespace runs `aitc-agent --listen`, reached
/// by the tcp driver through a veth pair whose other end is the gateway interface the harness
/// captures on. A backend that sends its inputs over TCP is caught (egress, canary, connection);
/// the reference backend gives zeros although the control channel crosses the same link.
@Suite(.serialized, .enabled(if: geteuid() == 0, "gateway capture needs root and ip netns"))
struct GatewayCaptureTests {
    static let network = ["privacy.egress_packets", "privacy.canary_hits_traffic", "privacy.telemetry_connections"]

    @Test func aLeakingDeviceIsCaughtOnTheGatewayInterface() throws {
        let outcome = try audit(fixture: "leak_tcp")
        for metric in Self.network {
            let value = try #require(
                outcome.measurement(metric)?.value, "\(metric): \(outcome.measurement(metric)?.reason ?? "")")
            #expect(value > 0, "\(metric): \(outcome.measurement(metric)?.evidence ?? "")")
        }
        #expect(outcome.hits.contains { $0.source == "traffic" && $0.encoding == .raw && $0.location.contains(":9)") })
    }

    @Test func theReferenceBackendGivesZerosThroughTheGateway() throws {
        let outcome = try audit(fixture: nil)
        for metric in Self.network {
            let value = try #require(
                outcome.measurement(metric)?.value, "\(metric): \(outcome.measurement(metric)?.reason ?? "")")
            #expect(value == 0, "\(metric): \(outcome.measurement(metric)?.evidence ?? "")")
        }
        let capture = try #require(outcome.reports.first { $0.kind == "network-capture" })
        #expect(capture.notes.first?.contains(" 0 control-channel frames") == false)
    }

    /// A device that sends what it kept a second after its privacy session: the session-only
    /// capture has stopped by then (every clause 0: the test can fail), the long capture
    /// (`--privacy-capture`), running from before the session until its end, judges it whole.
    @Test func aLeakAfterTheSessionIsCaughtByTheLongCaptureOnly() throws {
        let short = try audit(fixture: "leak_after_session", environment: ["AITC_FIXTURE_DELAY_S": "1"])
        #expect(
            short.measurement("privacy.egress_packets")?.value == 0,
            "\(short.measurement("privacy.egress_packets")?.evidence ?? "")")
        let long = try audit(
            fixture: "leak_after_session", environment: ["AITC_FIXTURE_DELAY_S": "1"], longCaptureSeconds: 20)
        for metric in Self.network {
            let value = try #require(
                long.measurement(metric)?.value, "\(metric): \(long.measurement(metric)?.reason ?? "")")
            #expect(value > 0, "\(metric): \(long.measurement(metric)?.evidence ?? "")")
        }
        #expect(
            long.reports.first { $0.kind == "network-capture" }?.notes.contains {
                $0.contains("long capture (--privacy-capture 20 s)")
            } == true)
    }

    /// The issue's row "remote mode: plain UDP 68→67 to the gateway". A real DHCP exchange
    /// (BusyBox udhcpc in the device namespace, udhcpd on the gateway) happens inside the judged
    /// capture: it is set apart and listed by transaction. The honest reference backend then gives
    /// zeros; `leak_dhcp_ports`, which sends its inputs from UDP 68 to the gateway's port 67, fails
    /// PRV-02, -03 and -05, the evidence naming the 68 → 67 frames.
    @Test func plainUDPOnTheDHCPPortsIsCaughtWhileARealDHCPExchangeIsExempt() throws {
        for fixture in [nil, "leak_dhcp_ports"] {
            var said = ""
            let outcome = try audit(fixture: fixture, longCaptureSeconds: 1) { link, folder in
                said = try link.dhcpExchange(in: folder)
            }
            #expect(said.contains("obtained"), "\(said)")
            let capture = try #require(outcome.reports.first { $0.kind == "network-capture" })
            let exchange = capture.notes.first ?? ""
            #expect(exchange.contains("DHCP exchange xid 0x"), "\(exchange)")
            #expect(exchange.contains("DISCOVER") && exchange.contains("REQUEST"), "\(exchange)")
            for metric in Self.network {
                let value = try #require(
                    outcome.measurement(metric)?.value, "\(metric): \(outcome.measurement(metric)?.reason ?? "")")
                let evidence = outcome.measurement(metric)?.evidence ?? ""
                if fixture == nil {
                    #expect(value == 0, "\(metric): \(evidence)")
                } else {
                    #expect(value > 0, "\(metric): \(evidence)")
                }
            }
            if fixture != nil {
                let egress = outcome.measurement("privacy.egress_packets")?.evidence ?? ""
                #expect(egress.contains("DHCP exchange xid 0x"), "\(egress)")
                #expect(
                    outcome.hits.contains { $0.location.contains(":68 > ") && $0.location.hasSuffix(":67)") },
                    "\(outcome.hits.prefix(3).map(\.location))")
                #expect(
                    outcome.measurement("privacy.canary_hits_traffic")?.evidence.contains(":68 > ") == true)
            }
        }
    }

    /// The issue's item 6, "reboot included": during the long capture, after the privacy session,
    /// the device reboots (its link goes down, addresses flushed, back up, a fresh lease from the
    /// lab's BusyBox udhcpd on a new address). The honest reference backend: the reboot and its DHCP
    /// exchange are all the device does — zeros, the exchange listed, the flap reported.
    /// `leak_after_reboot` sends what it kept once the link is back with its new lease: PRV-02, -03
    /// and -05 fail, the canaries are found in frames from the new address, and the evidence says
    /// the link went down and came back and how many counted frames came after it.
    @Test func aLeakAfterADeviceRebootCountsAndTheLinkFlapIsReported() throws {
        for fixture in [nil, "leak_after_reboot"] {
            let reboot = RebootRecord()
            var deviceAddress = ""
            let outcome = try audit(
                fixture: fixture, longCaptureSeconds: 1,
                duringCapture: { link, folder in
                    deviceAddress = link.deviceAddress
                    return { reboot.reboot(link, in: folder) }
                })
            #expect(reboot.failure == nil, "\(reboot.failure ?? "")")
            #expect(reboot.quiet, "the device still ran processes 180 s after its reboot")
            let leased = try #require(
                reboot.said.split(separator: " ").drop { $0 != "of" }.dropFirst().first.map(String.init),
                "udhcpc: \(reboot.said)")
            let capture = try #require(outcome.reports.first { $0.kind == "network-capture" })
            let link = capture.notes.first { $0.hasPrefix("link state of ") } ?? ""
            #expect(
                link.contains("down (no carrier") && link.contains("went down 1 time and the capture went on"),
                "\(link)")
            #expect(capture.notes.first?.contains("DHCP exchange xid 0x") == true, "\(capture.notes.first ?? "")")
            for metric in Self.network {
                let value = try #require(
                    outcome.measurement(metric)?.value, "\(metric): \(outcome.measurement(metric)?.reason ?? "")")
                let evidence = outcome.measurement(metric)?.evidence ?? ""
                #expect(fixture == nil ? value == 0 : value > 0, "\(metric): \(evidence)")
            }
            let egress = outcome.measurement("privacy.egress_packets")?.evidence ?? ""
            print("reboot (\(fixture ?? "reference")): \(link)\n  PRV-02 evidence: \(egress)")
            #expect(egress.contains("the link went down 1 time and the capture went on"), "\(egress)")
            if fixture == nil {
                #expect(
                    egress.contains(" 0 of the device's frames counted here came after the link came back up"),
                    "\(egress)")
            } else {
                #expect(leased != deviceAddress, "the lease gave back the old address \(leased)")
                #expect(!egress.contains(" 0 of the device's frames counted here came after"), "\(egress)")
                #expect(
                    outcome.hits.contains { $0.location.contains("\(leased):") },
                    "\(outcome.hits.prefix(3).map { $0.location })")
                #expect(outcome.measurement("privacy.canary_hits_traffic")?.evidence.contains(leased) == true)
            }
        }
    }

    /// A phone behind USB tethering takes the link with it when it reboots: the gateway's interface
    /// is removed and comes back under the same name with a new index. The capture is bound to it
    /// again (the note says so) and `leak_after_reboot`'s post-reboot leak fails PRV-02, -03, -05.
    @Test func aLeakAfterTheLinkIsRemovedAndMadeAgainIsCaughtOnTheInterfaceThatCameBack() throws {
        let reboot = RebootRecord()
        let outcome = try audit(
            fixture: "leak_after_reboot", longCaptureSeconds: 1,
            duringCapture: { link, folder in { reboot.reboot(link, in: folder, replug: true) } })
        #expect(reboot.failure == nil, "\(reboot.failure ?? "")")
        #expect(reboot.quiet, "the device still ran processes 180 s after its reboot")
        let capture = try #require(outcome.reports.first { $0.kind == "network-capture" })
        #expect(
            capture.notes.contains { $0.contains("came back as index") && $0.contains("bound to it again") },
            "\(capture.notes)")
        let link = capture.notes.first { $0.hasPrefix("link state of ") } ?? ""
        #expect(link.contains("removed at +") && link.contains("went down 1 time and the capture went on"), "\(link)")
        for metric in Self.network {
            let value = try #require(
                outcome.measurement(metric)?.value, "\(metric): \(outcome.measurement(metric)?.reason ?? "")")
            #expect(value > 0, "\(metric): \(outcome.measurement(metric)?.evidence ?? "")")
        }
    }

    private func audit(
        fixture: String?, environment: [String: String] = [:], longCaptureSeconds: Double? = nil,
        beforeSession: ((GatewayLink, String) throws -> Void)? = nil,
        duringCapture: ((GatewayLink, String) -> @Sendable () -> Void)? = nil
    ) throws -> PrivacyOutcome {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let link = try GatewayLink()
        defer { link.teardown() }
        try link.listenOnGateway(port: 9)
        let token = "gateway-test-token-0123456789"
        let tokenFile = try folder.writeSecret("token", token + "\n")
        try FileManager.default.createDirectory(atPath: "\(folder.path)/scratch", withIntermediateDirectories: true)
        let port = try link.startAgent(
            token: token, tokenFile: tokenFile, scratch: "\(folder.path)/scratch",
            environment: ["AITC_FIXTURE_SINK": "\(link.gatewayAddress):9"].merging(environment) { $1 })
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let declaration = DeviceDeclaration(
            name: "gateway-phone", deviceClass: suite.deviceClass.rawValue, onDeviceWorkloads: ["digits-cnn-fp32"],
            telemetry: TelemetryDeclaration(present: false, consentOffByDefault: true), erase: .agentOperation,
            storage: [], logs: [],
            path: "\(folder.path)/gateway-phone.yaml")
        let backend = try fixture.map { try FixtureBackend.build($0, in: folder.path) } ?? "reference"
        var remote = RemotePrivacyAudit(
            suite: suite, declaration: declaration,
            driver: TCPDriver(host: link.deviceAddress, port: port, token: token),
            source: .gateway(interface: link.gatewayInterface), deviceAddresses: [link.deviceAddress],
            workdir: "\(folder.path)/audit",
            logger: Logger(label: "gateway-test"), configuration: RunConfiguration(backend: backend))
        remote.longCapture = try longCaptureSeconds.map { seconds throws(PrivacyError) in
            try LongCapture.start(interface: link.gatewayInterface, seconds: seconds)
        }
        remote.duringCapture = duringCapture?(link, folder.path)
        try beforeSession?(link, folder.path)
        let outcome = remote.run()
        #expect(outcome.measurements.map(\.metric) == PrivacyOutcome.metrics)
        for metric in ["privacy.offline_mismatches", "privacy.canary_hits_storage", "privacy.canary_hits_after_erase"] {
            #expect(outcome.measurement(metric)?.value == nil)
            #expect(outcome.measurement(metric)?.reason?.contains("remote device") == true)
        }
        // The evidence pcap is the capture itself: it holds the frames, digest as reported.
        let pcap = try #require(outcome.reports.first { $0.kind == "network-capture" }?.evidenceFiles.first)
        #expect(FileDigest.sha256(file: pcap.path) == pcap.sha256)
        #expect(try PcapReader().read(path: pcap.path).count > 0)
        return outcome
    }
}
