import Certification
import Conformance
import Foundation
import TestSupport
import Testing

@testable import EnergyRun
@testable import Harness

/// ENG-01 (IEC 62301 standby, limit 0.5 W, at most 2 % uncertainty) decided end to end: `Certifier`
/// against the PTDaemon simulator (one sample in 20 marked −1, its clock 500 ms ahead), the verdict
/// read from the signed report. A daemon stating 5 % is inconclusive with the reason, never pass,
/// and the decision is not conformant; a value whose interval straddles the limit is inconclusive;
/// the honest control — the same standby with a 0.12 % daemon — passes.
@Suite(.serialized)
struct PtdStandbyDecisionTests {
    static let cut = PtdCertificationTests.SuiteCut(
        suite: "smart-home", deviceClass: "smart-home", workload: "digits-cnn-int8", clauses: ["ENG-01"],
        certifies: true)

    /// A flat trace at `watts` and a daemon stating `uncertainty` (fraction of reading).
    static func certify(
        watts: Double, uncertainty: Double
    ) throws -> (
        report: ConformanceReport, check: RequirementCheck, json: String
    ) {
        var behaviour = PtdBehaviour(errorEvery: 20, clockAheadMs: 500)
        behaviour.uncertainty = uncertainty
        let simulator = try PtdSimulator(
            trace: PowerTrace(baseWatts: watts, stepWatts: 0, sineWatts: 0), behaviour: behaviour)
        defer { simulator.stop() }
        let run = try PtdCertificationTests.certify(simulator, cut: Self.cut)
        let eng01 = try #require(run.report.verdicts.first { $0.clauseID == "ENG-01" })
        let check = try #require(eng01.checks.first { $0.metric == "energy.standby_power" })
        #expect(eng01.verdict == check.verdict)
        print(
            "ENG-01 end to end: \(watts) W at \(uncertainty * 100) %: \(check.value ?? .nan) W ± \(check.uncertainty ?? .nan) W → \(check.verdict) (\(check.reason ?? "")); decision \(run.report.decision)"
        )
        return (run.report, check, try String(contentsOfFile: run.reportPath, encoding: .utf8))
    }

    @Test func anOverUncertainStandbyIsInconclusiveNeverPass() throws {
        let (report, check, json) = try Self.certify(watts: 0.3, uncertainty: 0.05)
        let value = try #require(check.value)
        let u = try #require(check.uncertainty)
        // Well inside the limit even with its uncertainty: only the method's 2 % maximum stops a pass.
        #expect(value + u < 0.5 && u / value > 0.02, "\(value) ± \(u)")
        #expect(check.verdict == .inconclusive)
        let reason = try #require(check.reason)
        #expect(reason.contains("above the 2 % the clause's method allows"), "\(reason)")
        // The mode certifies: with ENG-01 passed the decision would be conformant (the control).
        #expect(report.decision == .inconclusive, "\(report.decisionReason)")
        #expect(json.contains("above the 2 % the clause's method allows"), "the signed report carries the reason")
    }

    @Test func aStandbyWhoseIntervalStraddlesTheLimitIsInconclusive() throws {
        let (report, check, _) = try Self.certify(watts: 0.497, uncertainty: 0.012)
        let value = try #require(check.value)
        let u = try #require(check.uncertainty)
        // Below the limit, but value + U is above it, and U is within the method's 2 %.
        #expect(value < 0.5 && value + u > 0.5 && u / value <= 0.02, "\(value) ± \(u)")
        #expect(check.verdict == .inconclusive)
        #expect(check.reason?.contains("straddles the limit") == true, "\(check.reason ?? "")")
        #expect(report.decision == .inconclusive, "\(report.decisionReason)")
    }

    /// The honest-but-noisy control: the same marked samples and skew, a daemon within the method's
    /// maximum, a standby well under the limit → pass, and the decision is conformant.
    @Test func anHonestStandbyWithinTheMethodsUncertaintyPasses() throws {
        let (report, check, _) = try Self.certify(watts: 0.3, uncertainty: 0.0012)
        let value = try #require(check.value)
        let u = try #require(check.uncertainty)
        #expect(abs(value - 0.3) <= u, "\(value) ± \(u) against the trace's 0.3 W")
        #expect(check.verdict == .pass, "\(check.reason ?? "")")
        #expect(report.decision == .conformant, "\(report.verdicts.map { "\($0.clauseID) \($0.verdict)" })")
    }
}
