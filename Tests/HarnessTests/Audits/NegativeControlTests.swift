import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Each cheating fixture backend must be caught by the audit or clause meant for it, and the
/// same fixture in honest mode must pass everything (so the checks are not simply failing).
@Suite(.serialized)
struct NegativeControlTests {
    /// The audits of the negative controls: the shipped tolerances, a generous noise cap (the
    /// test machine is shared and loaded) and small sizes, so each run takes seconds.
    static let audits = audits(auditQueries: 800)

    /// The negative controls' audits with `auditQueries` in the replay and alternate-seed blocks
    /// (a slow model needs fewer to finish in seconds).
    static func audits(auditQueries: Int) -> AuditRules {
        AuditRules(
            outputSampleFraction: 0.05, outputSampleMax: 64, outputTolerance: 1e-5, auditQueries: auditQueries,
            replayMaxSpeedup: 0.10, novelMaxSpeedup: 0.10, alternateSeedTolerance: 0.05, novelQueries: 256,
            novelMinQueries: 24, novelMaxShare: 0.1, novelMaxMegabytes: 16, novelAgreementMin: 0.8, noiseCap: 0.5,
            missProbabilityAt: [0.01, 0.05], sustainedMaxSlowdown: 1.0, alternateSeedRoundsMin: 7)
    }

    static var mode: ModeRules {
        var rules = ModeRules(
            name: "test", description: "negative controls",
            singleStream: .init(minQueries: 3000, minDurationS: 0.3, maxDurationS: 10),
            offline: .init(minSamples: 256, minDurationS: 0.1), cooldownS: 0)
        rules.audits = audits
        return rules
    }

    static func suite() throws -> Suite {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let digits = try #require(smartphone.workloads.first { $0.id == "digits-cnn-fp32" })
        let workload = Workload(
            id: digits.id, title: digits.title, kind: digits.kind, precision: digits.precision, model: digits.model,
            inputs: digits.inputs, quality: digits.quality, scenarios: [.singleStream])
        return Suite(
            id: "negative-controls", version: "0.1.0", title: "negative controls", deviceClass: .smartphone,
            clauses: ["QUA-01", "QUA-02"], workloads: [workload], path: smartphone.path, sha256: smartphone.sha256)
    }

    static func run(cheat: String?, audits: Bool = true) throws -> RunRecord {
        let library = try ReferenceFixture.cheating.get()
        let driver = EnvironmentDriver(
            agentPath: try AgentLocator.hostAgent(), environment: cheat.map { ["AITC_CHEAT_MODE": $0] } ?? [:])
        var rules = mode
        if !audits { rules.audits = nil }
        let record = try CertificationRun(
            suite: try suite(), mode: rules, driver: driver, backend: library, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        return record
    }

    static func audit(_ record: RunRecord, _ kind: AuditResult.Kind) -> AuditResult? {
        record.workloads.first?.audits.first { $0.kind == kind }
    }

    @Test func honestFixturePassesEveryAudit() throws {
        let record = try Self.run(cheat: nil)
        let audits = try #require(record.workloads.first?.audits)
        // Every audit but sustained-load, which needs a continuous run (this mode has no sustained rules).
        #expect(Set(audits.map(\.kind)) == Set(AuditResult.Kind.allCases).subtracting([.sustainedLoad]))
        for audit in audits { #expect(audit.passed, "\(audit.kind.rawValue): \(audit.evidence)") }
        #expect(record.workloads.first?.backend?.name == "cheating-fixture")
    }

    @Test(arguments: [
        ("cache", AuditResult.Kind.replay),
        ("detect", AuditResult.Kind.novelInputs),
        ("degrade", AuditResult.Kind.outputsMatch),
    ])
    func cheatIsCaughtByItsAudit(cheat: String, kind: AuditResult.Kind) throws {
        let record = try Self.run(cheat: cheat)
        let audit = try #require(Self.audit(record, kind))
        #expect(!audit.passed, "\(cheat) was not caught: \(audit.evidence)")
        // The quality gate alone does not see these cheats: the accuracy run is honest.
        #expect(record.workloads.first?.accuracy.map { $0.targetRatio >= 1 } == true)
        let standards = try StandardsLoader(digest: { FileDigest.sha256($0) })
            .load(paths: [ProjectRoot.layout.standardsDirectory])
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        let report = try ReportBuilder(
            standards: standards, runRules: rules, harness: HarnessIdentity.current(root: nil),
            lab: LabSection(name: "test", keyId: "none")
        ).build(record)
        #expect(report.verdicts.first { $0.clauseID == "QUA-02" }?.verdict == .fail)
        #expect(report.decision == .notConformant)
    }

    @Test func stallsShowInTheP90ThatTheLatencyClauseJudges() throws {
        let record = try Self.run(cheat: "stall", audits: false)
        let result = try #require(record.workloads.first?.scenarios.first { $0.scenario == .singleStream })
        // Every 8th query sleeps 2 ms: 12.5% of queries, so the p90 must show the stall.
        let p90 = Double(try #require(result.earlyStopping?.estimateNs)) / 1e6
        #expect(p90 >= 2.0, "p90 \(p90) ms hides the stalls")
        let folder = try TemporaryFolder()
        try folder.write(
            "latency.yaml",
            """
            standard: test-latency
            family: latency
            version: 0.1.0
            title: Test latency bound for the stall control
            clauses:
              - id: TST-01
                title: Tiny vision p90 within 1 ms
                level: mandatory
                applies_to:
                  device_classes: [smartphone]
                  workload_kinds: [vision-tiny]
                requirements:
                  - metric: single_stream.p90_latency
                    unit: ms
                    comparison: "<="
                    thresholds: {smartphone: 1}
                method: test
                source: proposed
            """)
        let standards = try StandardsLoader().load(paths: [folder.path])
        let card = try Scorer().score(
            ScoringInput(
                deviceClass: try #require(DeviceClass(rawValue: "smartphone")), clauseIDs: ["TST-01"],
                workloads: [
                    ScoredWorkload(id: "digits-cnn-fp32", kind: try #require(WorkloadKind(rawValue: "vision-tiny")))
                ],
                measurements: MeasurementBuilder().measurements(for: record), runComplete: true),
            standards: standards)
        #expect(card.verdicts.first?.verdict == .fail)
    }
}
