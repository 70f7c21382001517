import Attestation
import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// End to end on this machine: the real agent, the reference backend, the digits workloads.
@Suite(.serialized)
struct CertificationRunTests {
    static let quick = ModeRules(
        name: "test", description: "short test run",
        singleStream: .init(minQueries: 200, minDurationS: 0.5, maxDurationS: 5),
        offline: .init(minSamples: 256, minDurationS: 0.1), cooldownS: 0, seed: 1)

    static func standards() throws -> StandardsSet {
        try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [ProjectRoot.layout.standardsDirectory])
    }

    /// The smartphone suite's digits workloads (fast enough for a unit-test run).
    static func suite() throws -> Suite {
        let full = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        return Suite(
            id: full.id, version: full.version, title: full.title, deviceClass: full.deviceClass, clauses: full.clauses,
            workloads: full.workloads.filter { $0.id.hasPrefix("digits") }, path: full.path, sha256: full.sha256)
    }

    static func report(_ record: RunRecord) throws -> ConformanceReport {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        return try ReportBuilder(
            standards: try standards(), runRules: rules, harness: HarnessIdentity.current(root: ProjectRoot.path),
            lab: LabSection(name: "test", keyId: "none")
        ).build(record)
    }

    @Test func digitsRunMeasuresAccuracyAndLatencyOnTheDevice() throws {
        let driver = LocalDriver(agentPath: try AgentLocator.hostAgent())
        let record = try CertificationRun(
            suite: try Self.suite(), mode: Self.quick, driver: driver, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.count == 2)
        for workload in record.workloads {
            let accuracy = try #require(workload.accuracy)
            #expect(accuracy.samples == 540)
            #expect(accuracy.gates.count == 1)
            #expect(accuracy.gates.allSatisfy { $0.value >= 0.97 }, "\(workload.id): \(accuracy.gates)")
            #expect(workload.backend?.name == "reference")
            #expect(workload.acceleratorActual == "cpu")
            let ss = try #require(workload.scenarios.first { $0.scenario == .singleStream })
            #expect(ss.queries >= 200)
            #expect(ss.earlyStopping?.valid == true)
            let latency = try #require(ss.latency)
            #expect(latency.minMs > 0 && latency.p50Ms <= latency.p90Ms && latency.p90Ms <= latency.p99Ms)
            let offline = try #require(workload.scenarios.first { $0.scenario == .offline })
            #expect((offline.throughputSps ?? 0) > 0)
        }
        #expect(record.clockAlignment?.driftPpm != nil)
        let report = try Self.report(record)
        #expect(report.complete)
        let quality = report.verdicts.filter { $0.clauseID == "QUA-01" }
        #expect(quality.count == 2 && quality.allSatisfy { $0.verdict == .pass })
        // Nothing measured the energy or privacy clauses here: never a pass.
        for verdict in report.verdicts where verdict.clauseID.hasPrefix("PRV") || verdict.clauseID.hasPrefix("ENG") {
            #expect(verdict.verdict != .pass, "\(verdict.clauseID) passed without a measurement")
        }
        #expect(report.decision != .conformant)
    }

    @Test func deviceKilledMidRunYieldsAnIncompleteReportNeverAPass() throws {
        let mode = ModeRules(
            name: "test", description: "long enough to be killed",
            singleStream: .init(minQueries: 200, minDurationS: 30, maxDurationS: 60),
            offline: .init(minSamples: 256, minDurationS: 0.1), cooldownS: 0, seed: 1)
        let driver = LocalAgentDriver.killing(agentPath: try AgentLocator.hostAgent(), after: 1.5)
        let started = Date()
        let record = try CertificationRun(
            suite: try Self.suite(), mode: mode, driver: driver, logger: Logger(label: "test")
        ).execute()
        #expect(Date().timeIntervalSince(started) < 20, "a lost device must be detected promptly")
        #expect(!record.complete)
        #expect(record.incompleteReason?.contains("device lost") == true, "\(record.incompleteReason ?? "")")
        let report = try Self.report(record)
        #expect(report.decision == .incomplete)
        #expect(!report.complete)
        // Signing an incomplete report is allowed; it must still say incomplete once verified.
        let key = SigningKey.generate()
        let canonical = try ReportAttestor.canonicalReport(try report.jsonData())
        let envelope = try ReportAttestor.attest(report: canonical, reportName: "r.report.json", key: key)
        let verified = try ReportAttestor.verify(envelope: envelope.jsonData(), trusting: [key.publicKey])
        #expect(verified.predicate["decision"]?.stringValue == "incomplete")
    }

    /// An instrument that cannot follow a new session: the run reconnects, but ends there,
    /// incomplete, with the instrument's reason in the record and in the outage list — never a pass.
    @Test func anInstrumentThatCannotFollowANewSessionEndsTheRunWithItsReason() throws {
        var mode = ModeRules(
            name: "test", description: "long enough to be killed",
            singleStream: .init(minQueries: 200, minDurationS: 30, maxDurationS: 60),
            offline: .init(minSamples: 256, minDurationS: 0.1), cooldownS: 0, seed: 1)
        mode.outages = OutageRules(maxRetries: 2, reconnectWindowS: 20, reconnectIntervalS: 0.5)
        let driver = LocalAgentDriver.killing(agentPath: try AgentLocator.hostAgent(), after: 1.5)
        let record = try CertificationRun(
            suite: try Self.suite(), mode: mode, driver: driver, instruments: [SessionWatcher()],
            logger: Logger(label: "test")
        ).execute()
        #expect(!record.complete)
        let reason = try #require(record.incompleteReason)
        #expect(
            reason.contains("device lost")
                && reason.contains(
                    "the run was not resumed: the instrument session-watcher watched the lost session and cannot follow a new one"
                ), "\(reason)")
        #expect(record.outages.count == 1)
        #expect(record.outages.first?.outcome.hasPrefix("the run ended: the instrument session-watcher") == true)
        #expect(try Self.report(record).decision == .incomplete)
    }

    @Test func alteredWorkloadFileStopsTheRunBeforeAnyTiming() throws {
        let suite = try Self.suite()
        let folder = try TemporaryFolder()
        let original = try Data(contentsOf: URL(fileURLWithPath: suite.workloads[0].model.path))
        var altered = original
        altered[altered.count - 1] ^= 0xff
        let path = try folder.write("model.onnx", data: altered)
        let workload = suite.workloads[0]
        let tampered = Workload(
            id: workload.id, title: workload.title, kind: workload.kind, precision: workload.precision,
            model: AssetFile(path: path, sha256: workload.model.sha256), inputs: workload.inputs,
            quality: workload.quality, scenarios: workload.scenarios)
        let bad = Suite(
            id: suite.id, version: suite.version, title: suite.title, deviceClass: suite.deviceClass,
            clauses: suite.clauses, workloads: [tampered], path: suite.path, sha256: suite.sha256)
        let driver = LocalDriver(agentPath: try AgentLocator.hostAgent())
        do {
            _ = try CertificationRun(suite: bad, mode: Self.quick, driver: driver, logger: Logger(label: "test"))
                .execute()
            Issue.record("an altered model must stop the run")
        } catch {
            #expect(error.code == .invalidWorkload)
            #expect(error.message.contains(path) && error.message.contains(workload.model.sha256))
        }
    }
}
