import Testing

@testable import Conformance

@Suite("Scorer: quality gate")
struct QualityGateTests {
    typealias F = ScoringFixtures

    private let workloads = [F.workload, ScoredWorkload(id: "w2", kind: .visionMobile)]

    @Test("a failed quality gate voids the workload's other figures, pass or fail")
    func voids() throws {
        let measurements = [
            F.latency(5), F.latency(50, workload: "w2"), F.quality(0.95), F.quality(1.01, workload: "w2"),
        ]
        let card = try F.score(
            F.input(["LAT-01", "QUA-01"], measurements, workloads: workloads), F.standards([F.clause("LAT-01")]))
        let rows = card.verdicts.map { "\($0.clauseID)/\($0.workloadID ?? "-")=\($0.verdict)" }
        #expect(rows == ["LAT-01/w1=inconclusive", "LAT-01/w2=fail", "QUA-01/w1=fail", "QUA-01/w2=pass"])
        #expect(
            card.verdicts.first?.reason?.hasPrefix("figure void: quality gate failed (QUA-01 on workload w1)") == true)
        #expect(card.verdicts.first?.checks.first?.verdict == .pass, "the check itself is kept for the report")
    }

    @Test("the gate applies even when the suite does not list the quality clause")
    func gateFromStandards() throws {
        let card = try F.score(F.input(["LAT-01"], [F.latency(5), F.quality(0.5)]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.map(\.verdict) == [.inconclusive])
    }

    @Test("a missing quality figure does not void the others")
    func missingQuality() throws {
        let card = try F.score(F.input(["LAT-01"], [F.latency(5)]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.map(\.verdict) == [.pass])
    }

    @Test("a passed gate leaves figures alone; device-level rows are never voided")
    func passedGate() throws {
        let device = F.clause(
            "ENG-02", kinds: nil,
            requirements: [F.requirement("energy.ai_standby_increment", unit: "W", smartphone: 0.3)])
        let standby = Measurement(metric: "energy.ai_standby_increment", value: 0.1, unit: "W")
        let passed = try F.score(
            F.input(["LAT-01"], [F.latency(5), F.quality(1)]), F.standards([F.clause("LAT-01"), device]))
        #expect(passed.verdicts.map(\.verdict) == [.pass])
        let failed = try F.score(F.input(["ENG-02"], [standby, F.quality(0.5)]), F.standards([device]))
        #expect(failed.verdicts.map(\.verdict) == [.pass])
    }
}
