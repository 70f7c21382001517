import Testing

@testable import Conformance

/// End-to-end: the seed standards drive the scorer (thresholds come from the files, not the code).
@Suite("Scorer with the seed standards")
struct SeedScoringTests {
    @Test("a smartphone LLM row uses both LAT-03 thresholds from latency.yaml")
    func llm() throws {
        let root = try #require(PackageRoot.path())
        let standards = try StandardsLoader().load(paths: [root + "/Standards"])
        let workload = ScoredWorkload(id: "llm-1", kind: .llm)
        let measurements = [
            Measurement(metric: "llm.ttft_p90", workloadID: "llm-1", value: 1.2, unit: "s"),
            Measurement(metric: "llm.decode_rate", workloadID: "llm-1", value: 9, unit: "tokens/s"),
            Measurement(metric: "quality.target_ratio", workloadID: "llm-1", value: 1.0, unit: "ratio"),
        ]
        let input = ScoringInput(
            deviceClass: .smartphone, clauseIDs: ["LAT-03", "QUA-01", "ENG-01"], workloads: [workload],
            measurements: measurements, runComplete: true)
        let card = try Scorer().score(input, standards: standards)
        #expect(card.verdicts.map(\.verdict) == [.fail, .pass, .notApplicable])
        #expect(card.verdicts.first?.checks.map(\.bound) == [1.5, 10])
        #expect(card.decision == .notConformant)
    }
}
