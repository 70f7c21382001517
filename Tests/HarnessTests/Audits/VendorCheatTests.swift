import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Cheats written by a vendor who has read aitc's code and run rules (Tests/Fixtures/backends/
/// vendor_cheats.c): each must be caught by the audit named for it in the signed report, with the
/// decision not conformant; the honest fixture and the honest-but-jittery one must pass every
/// audit, and a device warming up after idling must still have its outputs sampled to the run's end.
/// Every timed verdict here rests on a large margin (a cache answers 10-100x faster than compute).
@Suite(.serialized)
struct VendorCheatTests {
    static func run(
        _ mode: String?, accelerator: String = "cpu", environment: [String: String] = [:],
        rules: ModeRules = NegativeControlTests.mode
    ) throws -> RunRecord {
        let library = try ReferenceFixture.vendorCheats.get()
        var env = environment
        if let mode { env["AITC_CHEAT_MODE"] = mode }
        let driver = EnvironmentDriver(agentPath: try AgentLocator.hostAgent(), environment: env)
        let record = try CertificationRun(
            suite: try NegativeControlTests.suite(), mode: rules, driver: driver, backend: library,
            accelerator: accelerator, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        return record
    }

    /// The negative controls' rules with another timed SingleStream.
    static func rules(singleStream: ModeRules.SingleStream) -> ModeRules {
        let base = NegativeControlTests.mode
        var rules = ModeRules(
            name: base.name, description: base.description, singleStream: singleStream, offline: base.offline,
            cooldownS: 0)
        rules.audits = base.audits
        return rules
    }

    static func describe(_ record: RunRecord) -> String {
        (record.workloads.first?.audits ?? []).map {
            "\($0.kind.rawValue) \($0.verdictText): \($0.inconclusive ?? $0.evidence)"
        }
        .joined(separator: "\n")
    }

    @Test(arguments: [
        ("fingerprint", AuditResult.Kind.novelInputs),
        ("memorise", AuditResult.Kind.novelInputs),
        ("stale", AuditResult.Kind.outputsMatch),
    ])
    func cheatIsCaughtByItsAudit(cheat: String, kind: AuditResult.Kind) throws {
        // stale: honest for the first 3,000 timed calls, where the old public-seed picker took all
        // its samples under these rules (5 %, at most 64: the first ~1,300 queries).
        let record = try Self.run(cheat, environment: ["AITC_CHEAT_HONEST_CALLS": "3000"])
        let workload = try #require(record.workloads.first)
        // The accuracy pass is honest: the quality gate alone cannot see these cheats.
        #expect(workload.accuracy.map { $0.targetRatio >= 1 } == true)
        let audit = try #require(workload.audits.first { $0.kind == kind }, "\(Self.describe(record))")
        #expect(!audit.passed, "\(cheat) was not caught by \(kind.rawValue):\n\(Self.describe(record))")
        let report = try TestReports.build(record)
        #expect(report.verdicts.first { $0.clauseID == "QUA-02" }?.verdict == .fail)
        #expect(report.decision == .notConformant)
    }

    @Test func aFalseAcceleratorClaimIsCaught() throws {
        let record = try Self.run("fake-npu", accelerator: "npu")
        let workload = try #require(record.workloads.first)
        #expect(workload.acceleratorActual == "npu")
        let claim = try #require(workload.audits.first { $0.kind == .acceleratorClaim }, "\(Self.describe(record))")
        // This machine exposes no NPU (the test would be meaningless on one that does).
        try #require(!(record.deviceInfo?.accelerators ?? []).contains { $0.hasPrefix("npu") })
        #expect(!claim.passed, "\(claim.evidence)")
        #expect(try TestReports.build(record).decision == .notConformant)
    }

    @Test func nodesMovedFromTheNPUToTheCPUMidRunFailTheAcceleratorStableAudit() throws {
        // Through the real agent and the ABI extension: the steady 90/10 split passes the audit, the
        // same backend moving to 60/40 after 3,000 timed calls (while still naming "npu") fails it.
        let steady = try Self.run("npu-split", accelerator: "npu", environment: ["AITC_CHEAT_HONEST_CALLS": "3000"])
        let steadyWorkload = try #require(steady.workloads.first)
        #expect(steadyWorkload.acceleratorBreakdown?.units.map(\.unit) == ["npu", "cpu"])
        #expect(steadyWorkload.acceleratorBreakdown?.changes == 0)
        let steadyAudit = try #require(
            steadyWorkload.audits.first { $0.kind == .acceleratorStable }, "\(Self.describe(steady))")
        #expect(steadyAudit.passed, "\(steadyAudit.evidence)")
        #expect(steadyAudit.evidence.contains("npu 90.0%"), "\(steadyAudit.evidence)")

        let moving = try Self.run("npu-fallback", accelerator: "npu", environment: ["AITC_CHEAT_HONEST_CALLS": "3000"])
        let workload = try #require(moving.workloads.first)
        #expect(
            workload.scenarios.allSatisfy { $0.accelerator == "npu" && $0.acceleratorChanges == 0 },
            "the named unit never changes: only the breakdown shows the move")
        let audit = try #require(workload.audits.first { $0.kind == .acceleratorStable }, "\(Self.describe(moving))")
        #expect(!audit.passed, "\(audit.evidence)")
        #expect(audit.evidence.contains("npu 60.0%"), "\(audit.evidence)")
        #expect((workload.acceleratorBreakdown?.changes ?? 0) >= 1)
        let report = try TestReports.build(moving)
        #expect(report.verdicts.first { $0.clauseID == "QUA-02" }?.verdict == .fail)
        #expect(report.decision == .notConformant)
    }

    @Test func fullSpeedThenThrottledIsCaughtUnderSustainedLoad() throws {
        // A timed run of exactly 3,000 queries, then a 4 s continuous run. The backend runs at full
        // speed for the accuracy pass (540 samples), the timed run and 500 more calls, then 3x slower:
        // counted in calls, not seconds, so a loaded machine cannot move the switch into the timed run.
        var rules = Self.rules(singleStream: .init(minQueries: 3000, minDurationS: 0, maxDurationS: 10))
        rules.sustained = ModeRules.Sustained(windowFraction: 0.2, minDurationS: 4)
        let record = try Self.run("throttle", environment: ["AITC_CHEAT_THROTTLE_CALLS": "4040"], rules: rules)
        let audit = try #require(
            record.workloads.first?.audits.first { $0.kind == .sustainedLoad }, "\(Self.describe(record))")
        #expect(!audit.passed, "\(audit.evidence)")
        #expect(try TestReports.build(record).decision == .notConformant)
    }

    @Test func aCacheForTheRunsLastPartIsCaughtByNovelInputs() throws {
        // Honest at 1 ms a query (slow for its first 8) until 2.2 s after its first timed call, then
        // answers every sample it has seen from a cache, in microseconds: the run's last part makes
        // most of its queries. Before novel inputs were planned again after every chunk and the
        // verdict weighted by queries, it passed every audit with the cache's p50.
        let rules = Self.rules(singleStream: .init(minQueries: 1000, minDurationS: 3, maxDurationS: 20))
        let record = try Self.run(
            "late-cache", environment: ["AITC_CHEAT_COST_US": "1000", "AITC_CHEAT_LATE_S": "2.2"], rules: rules)
        let workload = try #require(record.workloads.first)
        let single = try #require(workload.scenarios.first { $0.scenario == .singleStream })
        // The cheat is real: most timed queries came from the cache (a computed one takes 1 ms).
        #expect(
            (single.latency?.p50Ms ?? 1) < 0.5, "p50 \(single.latency?.p50Ms ?? -1) ms: the cache answered few queries")
        let audit = try #require(workload.audits.first { $0.kind == .novelInputs }, "\(Self.describe(record))")
        #expect(!audit.passed, "a cache for the run's last part was not caught: \(audit.evidence)")
        #expect(try TestReports.build(record).decision == .notConformant)
    }

    @Test func inferenceDeferredToTheAcceleratorCallIsTimed() throws {
        // The backend returns from run() at once and infers (1 ms at least) in accelerator(), which
        // the agent used to call after the query's end: every audit passed with a p90 of 0.00034 ms
        // (adversarial review). Every backend call of a query is inside its time now.
        let rules = Self.rules(singleStream: .init(minQueries: 1000, minDurationS: 1, maxDurationS: 20))
        let record = try Self.run("offclock", environment: ["AITC_CHEAT_COST_US": "1000"], rules: rules)
        let single = try #require(record.workloads.first?.scenarios.first { $0.scenario == .singleStream })
        #expect((single.latency?.p50Ms ?? 0) >= 0.95, "p50 \(single.latency?.p50Ms ?? -1) ms: the work went untimed")
    }

    @Test func outputSamplesSpanTheRunOfADeviceWarmingUp() throws {
        // Slow for 8 calls after every idle gap (a device whose clocks drop when idle): the run's
        // first queries are far slower than the rest, and the samples must still reach its end.
        // (Its timing audits are not judged here: each audit block starts after an idle gap, so its
        // blocks' noise can pass the noise cap and make alternate-seed inconclusive.)
        let record = try Self.run("warmup")
        let workload = try #require(record.workloads.first)
        let sampling = try #require(workload.outputSampling)
        #expect(
            (sampling.firstPosition ?? .max) < sampling.queries / 4
                && (sampling.lastPosition ?? 0) > sampling.queries * 3 / 4,
            "samples at \(sampling.firstPosition ?? -1)...\(sampling.lastPosition ?? -1) of \(sampling.queries)")
        #expect(workload.audits.first { $0.kind == .outputsMatch }?.passed == true)
    }

    @Test(arguments: [nil, "jitter"] as [String?])
    func honestFixturesPassEveryAudit(mode: String?) throws {
        let record = try Self.run(mode)
        let workload = try #require(record.workloads.first)
        let audits = workload.audits
        #expect(
            Set(audits.map(\.kind)).isSuperset(of: [
                .outputsMatch, .novelInputs, .novelOutputs, .replay, .alternateSeed, .acceleratorClaim,
            ]))
        for audit in audits {
            #expect(
                audit.passed,
                "\(mode ?? "honest") \(audit.kind.rawValue) \(audit.verdictText): \(audit.inconclusive ?? audit.evidence)"
            )
        }
        // The outputs-match samples span the whole timed run, not its first few thousand queries.
        let sampling = try #require(workload.outputSampling)
        #expect(sampling.sampled >= 16)
        #expect(
            (sampling.firstPosition ?? .max) < sampling.queries / 4
                && (sampling.lastPosition ?? 0) > sampling.queries * 3 / 4,
            "samples at \(sampling.firstPosition ?? -1)...\(sampling.lastPosition ?? -1) of \(sampling.queries)")
        // A vendor library is identified by its digest, whatever it calls itself.
        #expect(workload.backend?.library?.sha256.count == 64)
        #expect(workload.backend?.buildID == nil)
    }

    @Test func theReportRevealsTheCommittedSecretAndEverySeedDerivesFromIt() throws {
        let first = try Self.run(nil)
        let second = try Self.run(nil)
        let seeds = try #require(first.seeds)
        #expect(seeds.commitmentHolds)
        #expect(seeds.secret != second.seeds?.secret, "two runs drew the same secret")
        let single = try #require(first.workloads.first?.scenarios.first { $0.scenario == .singleStream })
        #expect(single.seed == seeds.seed(.singleStream, workload: 0))
        let report = try TestReports.build(first)
        #expect(report.randomness == seeds)
        // The staleness cheat calls itself the built-in backend; its library digest gives it away.
        let stale = try Self.run("stale")
        #expect(stale.workloads.first?.backend?.name == "reference")
        #expect(stale.workloads.first?.backend?.library?.sha256.count == 64)
    }
}
