import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// An emulated device gets every integrity audit that judges outputs and accelerators under the
/// shipped `quick-emulated` run rules, and no timing audit (its times are the emulator's): QUA-02
/// is judged — passed by an honest backend, failed by a cheat those audits see — where it used to
/// be inconclusive ("no integrity audits ran"). The device is the host agent marked emulated (the
/// qemu driver's flag); `QemuDriverTests` runs the same rules under real qemu-user.
@Suite(.serialized)
struct EmulatedAuditTests {
    static func rules() throws -> ModeRules {
        try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("quick-emulated")
    }

    static func run(
        _ cheat: String?, accelerator: String = "cpu", environment: [String: String] = [:]
    ) throws -> RunRecord {
        var env = environment
        if let cheat { env["AITC_CHEAT_MODE"] = cheat }
        let driver = EnvironmentDriver(emulated: true, agentPath: try AgentLocator.hostAgent(), environment: env)
        let record = try CertificationRun(
            suite: try NegativeControlTests.suite(), mode: try rules(), driver: driver,
            backend: try ReferenceFixture.vendorCheats.get(),
            accelerator: accelerator, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.emulated)
        return record
    }

    @Test func anHonestEmulatedBuildGetsQUA02FromTheAuditsThatDoNotTime() throws {
        let record = try Self.run(nil)
        let workload = try #require(record.workloads.first)
        let kinds = Set(workload.audits.map(\.kind))
        #expect(
            kinds == [.outputsMatch, .novelOutputs, .acceleratorClaim, .acceleratorStable],
            "\(VendorCheatTests.describe(record))")
        #expect(kinds.isDisjoint(with: CertificationRun.timingAudits))
        for audit in workload.audits {
            #expect(
                audit.passed, "\(audit.kind.rawValue) \(audit.verdictText): \(audit.inconclusive ?? audit.evidence)")
        }
        #expect((workload.outputSampling?.sampled ?? 0) >= 4, "outputs sampled for outputs-match")
        let report = try TestReports.build(record)
        let qua02 = try #require(report.verdicts.first { $0.clauseID == "QUA-02" })
        #expect(qua02.verdict == .pass, "\(qua02)")
        let failures = try #require(report.scoringInput.measurements.first { $0.metric == MetricName.auditFailures })
        #expect(failures.evidence.contains(MeasurementBuilder.emulatedAuditNote))
        #expect(report.verdicts.filter { $0.clauseID.hasPrefix("LAT") }.allSatisfy { $0.verdict == .notApplicable })
        #expect(report.decision != .conformant, "an emulated run never certifies")
    }

    @Test(arguments: [
        ("stale", "cpu", AuditResult.Kind.outputsMatch), ("fake-npu", "npu", AuditResult.Kind.acceleratorClaim),
    ])
    func aCheatTheOutputAuditsSeeFailsQUA02OnAnEmulatedDevice(
        cheat: String, accelerator: String, kind: AuditResult.Kind
    ) throws {
        // stale: honest through the accuracy pass, then the previous output without computing.
        let record = try Self.run(cheat, accelerator: accelerator, environment: ["AITC_CHEAT_HONEST_CALLS": "0"])
        let audit = try #require(
            record.workloads.first?.audits.first { $0.kind == kind }, "\(VendorCheatTests.describe(record))")
        #expect(!audit.passed && audit.inconclusive == nil, "\(audit.evidence)")
        let report = try TestReports.build(record)
        #expect(report.verdicts.first { $0.clauseID == "QUA-02" }?.verdict == .fail)
        #expect(report.decision == .notConformant)
    }
}
