import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The LLM workload end to end through the agent's `generate` op: the reference backend reproduces
/// the fp32 greedy tokens and yields LAT-03 figures; a backend that corrupts one logit now and then
/// (negative control) fails the token-match quality gate and with it QUA-01, while the same fixture
/// in honest mode passes.
@Suite(.serialized)
struct GenerateRunTests {
    static var mode: ModeRules {
        var rules = ModeRules(
            name: "test", description: "llm", singleStream: .init(minQueries: 1, minDurationS: 0, maxDurationS: 1),
            offline: .init(minSamples: 1, minDurationS: 0), cooldownS: 0, seed: 7)
        rules.llm = LLMRules(minPrompts: 8, minDurationS: 0, maxDurationS: 120)
        return rules
    }

    static func suite() throws -> Suite {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let llm = try #require(smartphone.workloads.first { $0.kind == .llm })
        return Suite(
            id: "llm-test", version: "0.1.0", title: "llm", deviceClass: .smartphone,
            clauses: ["QUA-01", "QUA-02", "LAT-03"],
            workloads: [llm], path: smartphone.path, sha256: smartphone.sha256)
    }

    static func run(backend: String, environment: [String: String] = [:]) throws -> (RunRecord, ConformanceReport) {
        let driver = EnvironmentDriver(agentPath: try AgentLocator.hostAgent(), environment: environment)
        let record = try CertificationRun(
            suite: try suite(), mode: mode, driver: driver, backend: backend, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let standards = try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [
            ProjectRoot.layout.standardsDirectory
        ])
        let report = try ReportBuilder(
            standards: standards, runRules: try RunRules.load(path: ProjectRoot.layout.runRulesPath),
            harness: HarnessIdentity.current(root: nil), lab: LabSection(name: "test", keyId: "none")
        ).build(record)
        return (record, report)
    }

    static func verdict(_ report: ConformanceReport, _ clause: String) -> ClauseVerdict? {
        report.verdicts.first { $0.clauseID == clause }
    }

    @Test func referenceBackendReproducesTheGreedyTokens() throws {
        let (record, report) = try Self.run(backend: "reference")
        let workload = try #require(record.workloads.first)
        let generation = try #require(workload.generation)
        #expect(generation.accuracy.map(\.prompt) == [0, 1, 2, 3])
        #expect(generation.timed.count >= 8)
        #expect(generation.promptLength == 512)
        #expect(generation.timed.allSatisfy { $0.tokens.count == 32 && $0.stepNs.count == 31 && $0.ttftNs > 0 })
        #expect(workload.accuracy?.gates.first?.metric == "token-match")
        #expect(workload.accuracy?.gates.first?.value == 1.0)
        #expect(workload.audits.count == 2 && workload.audits.allSatisfy(\.passed))
        #expect((generation.decodeTokensPerSecond ?? 0) > 0)
        #expect(Self.verdict(report, "QUA-01")?.verdict == .pass)
        #expect(Self.verdict(report, "QUA-02")?.verdict == .pass)
        let measurements = MeasurementBuilder().measurements(for: record)
        let rate = try #require(measurements.first { $0.metric == "llm.decode_rate" })
        #expect(rate.value == generation.decodeTokensPerSecond)
        // 8 prompts are too few for an early-stopping p90: absent with the reason, never a number.
        let ttft = try #require(measurements.first { $0.metric == "llm.ttft_p90" })
        #expect(ttft.value == nil)
        #expect(ttft.reason?.contains("too few") == true)
        #expect(Self.verdict(report, "LAT-03")?.verdict == .inconclusive)
    }

    @Test func honestFixturePassesTheQualityGate() throws {
        let (record, report) = try Self.run(backend: try ReferenceFixture.corruptLogit.get())
        #expect(record.workloads.first?.backend?.name == "corrupt-logit-fixture")
        #expect(record.workloads.first?.accuracy?.targetRatio == 1)
        #expect(Self.verdict(report, "QUA-01")?.verdict == .pass)
    }

    @Test func corruptedLogitFailsTheQualityGate() throws {
        let (record, report) = try Self.run(
            backend: try ReferenceFixture.corruptLogit.get(), environment: ["AITC_CORRUPT_LOGIT": "1"])
        let accuracy = try #require(record.workloads.first?.accuracy)
        #expect(accuracy.targetRatio < 1, "corrupted logits were not caught: \(accuracy)")
        #expect(Self.verdict(report, "QUA-01")?.verdict == .fail)
        #expect(report.decision == .notConformant)
    }
}
