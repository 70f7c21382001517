import Foundation
import TestSupport
import Logging
import Testing

@testable import Harness
@testable import Privacy

/// The audit against the real agent in real namespaces: the reference backend passes every PRV
/// clause, and each leaking fixture fails exactly the clauses its leak breaks, with evidence.
/// Without root the same tests check that every clause is left without a value and with the reason.
@Suite(.serialized) struct PrivacyAuditTests {
    /// Which metrics must be non-zero (fail) for a backend; every other one must be exactly 0.
    static let network: Set<String> = ["privacy.egress_packets", "privacy.canary_hits_traffic", "privacy.telemetry_connections"]

    @Test func referenceBackendPassesEveryClause() throws {
        try check(backend: nil, failing: [], workloads: ["digits-cnn-fp32", "digits-cnn-int8"])
    }

    @Test func cleanFixturePassesEveryClause() throws {
        try check(backend: "clean", failing: [])
    }

    @Test func tcpLeakFailsTheNetworkClauses() throws {
        let outcome = try check(backend: "leak_tcp", failing: Self.network)
        #expect(outcome?.hits.contains { $0.source == "traffic" && $0.encoding == .raw } ?? true)
    }

    @Test func udpLeakFailsTheNetworkClauses() throws {
        let outcome = try check(backend: "leak_udp", failing: Self.network)
        #expect(outcome?.hits.contains { $0.source == "traffic" && $0.location.contains("udp") } ?? true)
    }

    @Test func dnsLeakFailsTheNetworkClauses() throws {
        let outcome = try check(backend: "leak_dns", failing: Self.network)
        #expect(outcome?.hits.contains { $0.encoding == .hexLower } ?? true)
        #expect(outcome?.measurement("privacy.telemetry_connections")?.evidence.contains("DNS") ?? true)
    }

    @Test func diskResidueFailsOnlyTheStorageClause() throws {
        let outcome = try check(backend: "persist_disk", failing: ["privacy.canary_hits_storage"])
        #expect(outcome?.hits.contains { $0.source == "storage" && $0.location.hasSuffix("kept-inputs.bin") } ?? true)
    }

    @Test func dataThatSurvivesEraseFailsStorageAndErasure() throws {
        let outcome = try check(backend: "survive_erase", failing: ["privacy.canary_hits_storage", "privacy.canary_hits_after_erase"])
        #expect(outcome?.hits.contains { $0.source == "storage-after-erase" } ?? true)
    }

    @Test func icmpSentAtUnloadFailsOnTheLink() throws {
        let outcome = try check(backend: "leak_icmp_unload", failing: ["privacy.egress_packets", "privacy.telemetry_connections"])
        #expect(outcome?.measurement("privacy.egress_packets")?.evidence.contains("icmp") ?? true)
        #expect(outcome?.measurement("privacy.telemetry_connections")?.evidence.contains("icmp") ?? true)
    }

    @Test func ipv6TurnedBackOnFailsOnTheLink() throws {
        let outcome = try check(backend: "leak_ipv6_multicast", failing: Self.network)
        #expect(outcome?.measurement("privacy.egress_packets")?.evidence.contains("udp6") ?? true)
        #expect(outcome?.hits.contains { $0.location.contains("udp6") && $0.location.contains("ff02:0:0:0:0:0:0:1") } ?? true)
    }

    @Test func spoofedRawFramesAreTheDevicesBecauseOfTheLink() throws {
        let outcome = try check(backend: "leak_packet_spoof", failing: Self.network)
        let evidence = outcome?.measurement("privacy.telemetry_connections")?.evidence ?? "ether-88b5 192.0.2.77"
        #expect(evidence.contains("ether-88b5") || evidence.contains("192.0.2.77"))
        #expect(outcome?.reports.first { $0.kind == "network-capture" }?.notes.contains { $0.contains("ether-88b5") } ?? true)
        #expect(outcome?.reports.first { $0.kind == "network-capture" }?.notes.contains { $0.contains("192.0.2.77") } ?? true)
    }

    /// The honest control: outputs vary in their last bit between the connected and the cut run
    /// (as NPUs do), nothing leaves, nothing stays. It passes every clause, and the evidence shows
    /// the outputs did differ, so the tolerance — not an identical rerun — made PRV-01 pass.
    @Test func honestJitterInTheLastBitPassesEveryClause() throws {
        let outcome = try check(backend: "jitter_honest", failing: [])
        if let evidence = outcome?.measurement("privacy.offline_mismatches")?.evidence {
            let differing = evidence.components(separatedBy: "(").dropFirst().first?.split(separator: " ").first.flatMap { Int($0) }
            #expect((differing ?? 0) > 0, "the fixture's outputs should differ in some bit: \(evidence)")
        }
    }

    /// PRV-01's tolerance as the CLI takes it: the certification mode's `audits.output_tolerance`.
    static func outputTolerance() throws -> Double {
        try #require(try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("certification").audits?.outputTolerance)
    }

    /// Runs the audit and checks every metric; nil when isolation is unavailable (then checked to be
    /// inconclusive with the reason).
    @discardableResult
    private func check(backend fixture: String?, failing: Set<String>, workloads: [String] = ["digits-cnn-fp32"]) throws -> PrivacyOutcome? {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let store = "\(folder.path)/device-storage"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        let suite = try SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let declaration = DeviceDeclaration(
            name: "test", deviceClass: suite.deviceClass, onDeviceWorkloads: workloads,
            telemetry: TelemetryDeclaration(present: false, consentOffByDefault: true), erase: .agentOperation,
            storage: [DeviceDeclaration.agentScratchToken, store], logs: [], path: "\(folder.path)/test.yaml")
        let backend = try fixture.map { try FixtureBackend.build($0, in: folder.path) } ?? "reference"
        let audit = PrivacyAudit(
            suite: suite, declaration: declaration, agentPath: try AgentLocator.hostAgent(), workdir: "\(folder.path)/audit",
            logger: Logger(label: "privacy-test"), outputTolerance: try Self.outputTolerance(), backend: backend,
            agentEnvironment: { endpoints in
                [
                    "AITC_FIXTURE_SINK": "\(endpoints.sinkAddress):\(endpoints.sinkPort)", "AITC_FIXTURE_SCRATCH": endpoints.scratchParent,
                    "AITC_FIXTURE_STORE": store,
                ]
            })
        let outcome = audit.run()
        #expect(outcome.measurements.map(\.metric) == PrivacyOutcome.metrics)
        if geteuid() != 0 {
            for measurement in outcome.measurements {
                #expect(measurement.value == nil)
                #expect(measurement.reason?.contains("network isolation unavailable") == true)
            }
            return nil
        }
        for measurement in outcome.measurements {
            let value = try #require(measurement.value, "\(measurement.metric): \(measurement.reason ?? "")")
            if failing.contains(measurement.metric) {
                #expect(value > 0, "\(measurement.metric) should catch \(fixture ?? "reference"): \(measurement.evidence)")
                #expect(!measurement.evidence.isEmpty)
            } else {
                #expect(value == 0, "\(measurement.metric) for \(fixture ?? "reference"): \(measurement.evidence)")
            }
        }
        let capture = try #require(outcome.reports.first { $0.kind == "network-capture" })
        let pcap = try #require(capture.evidenceFiles.first)
        #expect(FileDigest.sha256(file: pcap.path) == pcap.sha256)
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/\(capture.identity["device_namespace"] ?? "?")"))
        return outcome
    }
}
