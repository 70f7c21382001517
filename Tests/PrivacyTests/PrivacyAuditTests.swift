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
            logger: Logger(label: "privacy-test"), backend: backend,
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
