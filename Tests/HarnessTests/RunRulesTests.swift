import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Certification-mode rules on the real agent: early stopping ends a run once the bound is proven,
/// repeats must replicate, and the sustained drift comes from a continuous run.
@Suite(.serialized)
struct RunRulesTests {
    static func suite() throws -> Suite {
        let full = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let digits = try #require(full.workloads.first { $0.id == "digits-cnn-fp32" })
        let workload = Workload(
            id: digits.id, title: digits.title, kind: digits.kind, precision: digits.precision, model: digits.model,
            inputs: digits.inputs, quality: digits.quality, scenarios: [.singleStream])
        return Suite(
            id: "rules", version: "0.1.0", title: "rules", deviceClass: .smartphone, clauses: ["QUA-01"],
            workloads: [workload], path: full.path, sha256: full.sha256)
    }

    static func run(_ mode: ModeRules, targets: ClauseTargets) throws -> ScenarioResult {
        var run = CertificationRun(
            suite: try suite(), mode: mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            logger: Logger(label: "test"))
        run.targets = targets
        let record = try run.execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        return try #require(record.workloads.first?.scenarios.first)
    }

    @Test func provenBoundEndsTheRunBeforeTheMinimumDuration() throws {
        var single = ModeRules.SingleStream(minQueries: 1024, minDurationS: 60, maxDurationS: 120)
        single.stopWhenProven = true
        let mode = ModeRules(
            name: "test", description: "", singleStream: single, offline: .init(minSamples: 1, minDurationS: 0),
            cooldownS: 0, seed: 3)
        let result = try Self.run(mode, targets: ClauseTargets(latencyBoundsMs: ["digits-cnn-fp32": 50]))
        #expect(result.stoppedWhenProven)
        #expect(result.valid, "\(result.validityNotes)")
        #expect(result.validityNotes.isEmpty, "an early stop broke no run rule: \(result.validityNotes)")
        // Made invalid by a later check (as repeats that do not replicate do): "INVALID:" names that
        // reason only; the early stop is told apart.
        var broken = result
        broken.valid = false
        broken.validityNotes.append("the 5 runs did not replicate")
        #expect(broken.summary.contains("INVALID: the 5 runs did not replicate"), "\(broken.summary)")
        #expect(broken.summary.contains("valid after"), "\(broken.summary)")
        #expect(result.durationS < 60)
        #expect((result.timeToValidS ?? 99) < 60)
        #expect(Double(result.earlyStopping?.estimateNs ?? .max) / 1e6 <= 50)
    }

    @Test func withoutABoundTheMinimumDurationHolds() throws {
        var single = ModeRules.SingleStream(minQueries: 100, minDurationS: 1.5, maxDurationS: 10)
        single.stopWhenProven = true
        var mode = ModeRules(
            name: "test", description: "", singleStream: single, offline: .init(minSamples: 1, minDurationS: 0),
            cooldownS: 0, seed: 3)
        mode.sustained = ModeRules.Sustained(windowFraction: 0.2, minDurationS: 1)
        let result = try Self.run(mode, targets: ClauseTargets())
        #expect(!result.stoppedWhenProven)
        #expect(result.durationS >= 1.5)
        let drift = try #require(result.sustained)
        #expect(drift.valid)
        #expect(drift.windowQueries == Int(Double(result.queries) * 0.2))
    }

    @Test func repeatsAreRecordedAndJudged() throws {
        var single = ModeRules.SingleStream(minQueries: 200, minDurationS: 0.3, maxDurationS: 5)
        single.repeats = 3
        single.replicateTolerance = 10  // generous: this test checks the mechanism, not this machine's noise
        let mode = ModeRules(
            name: "test", description: "", singleStream: single, offline: .init(minSamples: 1, minDurationS: 0),
            cooldownS: 0, seed: 3)
        let result = try Self.run(mode, targets: ClauseTargets())
        #expect(result.repeatP90Ms.count == 3)
        #expect(result.valid, "\(result.validityNotes)")
    }

    @Test func shippedRunRulesParseTheCertificationExtras() throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        let certification = try rules.mode("certification")
        #expect(certification.singleStream.repeats == 5)
        #expect(certification.singleStream.stopWhenProven)
        #expect(certification.sustained != nil)
        #expect(certification.audits != nil)
    }
}
