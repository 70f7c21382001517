import Foundation
import Testing

@testable import Conformance

@Suite("Scorer: decision")
struct DecisionTests {
    typealias F = ScoringFixtures

    private let standards = F.standards([
        F.clause("LAT-01"),
        F.clause(
            "LAT-04", level: .recommended,
            requirements: [F.requirement("sustained.p90_drift", unit: "percent", smartphone: 20)]),
    ])

    private func drift(_ value: Double) -> Conformance.Measurement {
        Measurement(metric: "sustained.p90_drift", workloadID: "w1", value: value, unit: "percent")
    }

    @Test("all mandatory rows pass: conformant")
    func conformant() throws {
        let card = try F.score(F.input(["LAT-01", "LAT-04"], [F.latency(5), drift(10)]), standards)
        #expect(card.decision == .conformant)
        #expect(card.counts.pass == 2)
    }

    @Test("all mandatory rows pass in a mode that does not certify: indicative, never conformant")
    func indicative() throws {
        var input = F.input(["LAT-01", "LAT-04"], [F.latency(5), drift(10)])
        input.certifies = false
        let card = try F.score(input, standards)
        #expect(card.decision == .indicative)
        #expect(card.reason.contains("does not certify"))
        // a failure stays a failure whatever the mode
        var failing = F.input(["LAT-01"], [F.latency(11)])
        failing.certifies = false
        #expect(try F.score(failing, standards).decision == .notConformant)
    }

    @Test("a failing recommended clause does not change the decision")
    func recommendedFail() throws {
        let card = try F.score(F.input(["LAT-01", "LAT-04"], [F.latency(5), drift(40)]), standards)
        #expect(card.verdicts.map(\.verdict) == [.pass, .fail])
        #expect(card.decision == .conformant)
    }

    @Test("a failing mandatory clause: not-conformant, naming it")
    func mandatoryFail() throws {
        let card = try F.score(F.input(["LAT-01"], [F.latency(11)]), standards)
        #expect(card.decision == .notConformant)
        #expect(card.reason == "mandatory clause LAT-01 [w1] failed")
    }

    @Test("an inconclusive mandatory clause: inconclusive")
    func mandatoryInconclusive() throws {
        let card = try F.score(F.input(["LAT-01", "LAT-04"], [drift(10)]), standards)
        #expect(card.decision == .inconclusive)
        #expect(card.reason.contains("LAT-01"))
    }

    @Test("fail outranks inconclusive")
    func failOutranksInconclusive() throws {
        let workloads = [F.workload, ScoredWorkload(id: "w2", kind: .visionMobile)]
        let card = try F.score(F.input(["LAT-01"], [F.latency(50, workload: "w2")], workloads: workloads), standards)
        #expect(card.decision == .notConformant)
    }

    @Test("an incomplete run is incomplete even when everything passes")
    func incomplete() throws {
        let card = try F.score(
            F.input(
                ["LAT-01"], [F.latency(5)], runComplete: false, incompleteReason: "device lost after 3 of 5 workloads"),
            standards)
        #expect(card.verdicts.map(\.verdict) == [.pass])
        #expect(card.decision == .incomplete)
        #expect(card.reason.contains("device lost after 3 of 5 workloads"))
    }

    @Test("nothing mandatory assessed (all not-applicable): inconclusive, not conformant")
    func nothingAssessed() throws {
        let card = try F.score(F.input(["LAT-01"], [F.latency(5)], deviceClass: .toy), standards)
        #expect(card.counts.notApplicable == 1)
        #expect(card.decision == .inconclusive)
    }

    @Test("the scorecard encodes with snake_case keys and the report's raw values")
    func json() throws {
        let card = try F.score(F.input(["LAT-01"], [F.latency(5)], deviceClass: .tablet), standards)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(card), as: UTF8.self)
        #expect(json.contains(#""clause_id":"LAT-01""#))
        #expect(json.contains(#""verdict":"not-applicable""#))
        #expect(json.contains(#""not_applicable":1"#))
        #expect(json.contains(#""decision":"inconclusive""#))
        #expect(try JSONDecoder().decode(Scorecard.self, from: Data(json.utf8)) == card)
    }
}
