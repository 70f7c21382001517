import Attestation
import Conformance
import Desk
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Certification mode completes every shipped suite on the reference backend: every suite's
/// scenarios have certification rules, and every shipped workload (each once) completes under the
/// shipped certification rules (audits, repeats, sustained run, every scenario kind) with durations
/// shortened so the run takes minutes. `Tools/certify-all-suites` runs the full durations.
@Suite(.serialized)
struct CertificationCompletionTests {
    /// The shipped certification rules with every duration and count cut short.
    static func shortened() throws -> ModeRules {
        let full = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("certification")
        var single = ModeRules.SingleStream(minQueries: 64, minDurationS: 0.3, maxDurationS: 5)
        single.repeats = 2
        single.replicateTolerance = full.singleStream.replicateTolerance
        single.stopWhenProven = full.singleStream.stopWhenProven
        var rules = ModeRules(
            name: "certification-shortened", description: "the certification rules, shortened for CI",
            singleStream: single,
            offline: .init(minSamples: 16, minDurationS: 0.3, maxSamples: full.offline.maxSamples), cooldownS: 0)
        rules.certifies = full.certifies
        if let audits = full.audits {
            // The shipped tolerances; blocks of 8 queries per round instead of 128 (a slow model's
            // 3 x 8 rounds of 128 queries take minutes on a loaded 2-core machine).
            rules.audits = AuditRules(
                outputSampleFraction: audits.outputSampleFraction, outputSampleMax: audits.outputSampleMax,
                outputTolerance: audits.outputTolerance, auditQueries: 64, replayMaxSpeedup: audits.replayMaxSpeedup,
                novelMaxSpeedup: audits.novelMaxSpeedup, alternateSeedTolerance: audits.alternateSeedTolerance,
                novelQueries: audits.novelQueries, novelMinQueries: audits.novelMinQueries,
                novelMaxShare: audits.novelMaxShare,
                novelMaxMegabytes: audits.novelMaxMegabytes, novelAgreementMin: audits.novelAgreementMin,
                noiseCap: audits.noiseCap,
                missProbabilityAt: audits.missProbabilityAt, sustainedMaxSlowdown: audits.sustainedMaxSlowdown,
                alternateSeedRoundsMin: audits.alternateSeedRoundsMin)
        }
        rules.sustained = ModeRules.Sustained(windowFraction: 0.2, minDurationS: 0.5)
        rules.multiStream = .init(samplesPerQuery: 8, minQueries: 662, minDurationS: 0.3, maxDurationS: 30)
        rules.server = .init(minQueries: 300, minDurationS: 0.3, searchSteps: 2)
        rules.llm = LLMRules(minPrompts: 2, minDurationS: 0, maxDurationS: 120)
        if let energy = full.energy {
            rules.energy = EnergyRules(
                deviceSampleHz: energy.deviceSampleHz, minSamples: energy.minSamples,
                maxGapFraction: energy.maxGapFraction,
                idleBaselineS: 0.5, subtractBaseline: energy.subtractBaseline, standbyS: 1, standbyMinSamples: 10,
                stabilityRelativePerHour: energy.stabilityRelativePerHour,
                stabilityAbsoluteWattsPerHour: energy.stabilityAbsoluteWattsPerHour)
        }
        return rules
    }

    static let suites = [
        "smartphone", "smart-home", "pc", "tablet", "toy", "wearable", "xr-glasses", "service-robot", "vehicle-cockpit",
    ]

    @Test func everyShippedSuiteIsListedHere() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: ProjectRoot.layout.suitesDirectory)
            .filter { $0.hasSuffix(".yaml") && $0 != RunRules.fileName }.map { String($0.dropLast(5)) }
        #expect(Set(shipped) == Set(Self.suites))
    }

    /// Every workload of every shipped suite, once (the suites share most of them), in one run
    /// under the shortened certification rules: every scenario kind the suites use completes.
    static func everyWorkload() throws -> (Suite, [Suite]) {
        let loader = SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory)
        let suites = try Self.suites.map { try loader.load($0) }
        var seen: Set<String> = []
        let workloads = suites.flatMap(\.workloads).filter { seen.insert($0.id).inserted }
        let first = suites[0]
        let combined = Suite(
            id: "every-workload", version: first.version, title: "every shipped workload",
            deviceClass: first.deviceClass,
            clauses: first.clauses, workloads: workloads, path: first.path, sha256: first.sha256)
        return (combined, suites)
    }

    @Test func everySuitesScenariosHaveCertificationRules() throws {
        let certification = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("certification")
        let client = AgentClient(transport: ScriptedTransport(replies: []))
        let context = ScenarioContext(
            client: client, seeds: RunSeeds.fresh(), workloadIndex: 0, mode: certification, targets: ClauseTargets(),
            logger: Logger(label: "test"), inRun: nil
        ) { _ in }
        for suite in try Self.everyWorkload().1 {
            for workload in suite.workloads where workload.llm == nil {
                for scenario in workload.scenarios {
                    #expect(throws: Never.self, "\(suite.id) \(workload.id) \(scenario.rawValue)") {
                        _ = try ScenarioPlan.measurement(for: scenario, workload: workload, in: context)
                    }
                }
            }
            #expect(suite.workloads.allSatisfy { $0.llm == nil || certification.llm != nil })
        }
    }

    @Test func certificationCompletesEveryShippedWorkload() throws {
        let (suite, _) = try Self.everyWorkload()
        let standards = try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [
            ProjectRoot.layout.standardsDirectory
        ])
        var run = CertificationRun(
            suite: suite, mode: try Self.shortened(), driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            logger: Logger(label: "test"))
        run.targets = ClauseTargets(suite: suite, standards: standards)
        let record = try run.execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.count == suite.workloads.count)
        for workload in record.workloads where workload.kind.rawValue != "llm" {
            #expect(workload.scenarios.count == suite.workloads.first { $0.id == workload.id }?.scenarios.count)
            // Outputs and claims are exact; timed audits of a few seconds on a loaded machine are
            // judged by VendorCheatTests with margins, not here.
            for audit in workload.audits
            where [.outputsMatch, .novelOutputs, .acceleratorStable, .acceleratorClaim].contains(audit.kind) {
                #expect(
                    audit.passed || audit.inconclusive != nil,
                    "\(workload.id) \(audit.kind.rawValue): \(audit.evidence)")
            }
        }
        let report = try TestReports.build(record)
        #expect(report.decision != .incomplete)
        // An independent script recomputes every early-stopping estimate from the report's histograms.
        let folder = try TemporaryFolder()
        let path = try folder.write("report.json", data: try report.jsonData())
        let recomputed = try TestReports.recompute(path)
        #expect(recomputed.status == 0, "\(recomputed.output)")
        // The regulator's verifier on the same report, every scenario kind in it: the published
        // schema holds, and every early-stopping estimate (SingleStream, MultiStream, each Server
        // rate, the LLM's time to first token) re-derives from the evidence the report carries.
        let predicate = try JSONValue(data: try report.jsonData())
        let violations = try ReportSchema.schema().violations(of: predicate)
        #expect(violations.isEmpty, "\(violations)")
        let scenarios = Set(
            (predicate["workloads"]?.arrayValue ?? []).flatMap { $0["scenarios"]?.arrayValue ?? [] }
                .compactMap { $0["scenario"]?.stringValue })
        #expect(scenarios.isSuperset(of: ["single-stream", "multi-stream", "server"]), "\(scenarios)")
        #expect(
            predicate["workloads"]?.arrayValue?.contains { $0["generation"] != nil } == true,
            "no LLM generation in the report")
        do {
            _ = try PercentileRederivation().check(predicate)
        } catch {
            Issue.record("step 8 refuses the harness's own report: \(error.reason)")
        }
    }

    /// An Offline query's timeout follows the device's measured speed: a loaded MobileNetV2 at
    /// 40 ms a sample needs 983 s for certification's 24,576 samples, past the fixed 900 s that
    /// once made every attempt look like a lost device (the full smartphone run ended incomplete).
    @Test func offlineTimeoutFollowsTheMeasuredSpeed() {
        let slow = OfflineRun.timeout(samples: 24_576, secondsPerSample: 0.040)
        #expect(slow >= 24_576 * 0.040 * 4)
        #expect(OfflineRun.timeout(samples: 24_576, secondsPerSample: 0.000_005) == 900)
        #expect(
            OfflineRun.timeout(samples: 1 << 20, secondsPerSample: 0.010)
                > OfflineRun.timeout(samples: 1 << 10, secondsPerSample: 0.010))
    }
}
