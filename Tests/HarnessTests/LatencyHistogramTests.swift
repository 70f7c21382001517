import Foundation
import TestSupport
import Testing

@testable import Harness

/// The report's latency histogram: its precision holds, and an independent script recomputes the
/// early-stopping estimate from it (and refuses a tampered one).
struct LatencyHistogramTests {
    /// A wrapper with the report's keys, so the script reads the same JSON a report carries.
    struct Document: Encodable {
        struct Workload: Encodable {
            let id: String
            let scenarios: [Scenario]
        }
        struct Scenario: Encodable {
            let scenario: String
            let earlyStopping: EarlyStoppingResult
            let latencyHistogram: LatencyHistogram
        }
        let workloads: [Workload]
    }

    static func latencies(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = SampleIndexGenerator(seed: seed)
        // a long-tailed mix: 40 us base, a jitter, and one query in 20 stalled by up to 3 ms
        return (0..<count).map { _ in
            let r = generator.next()
            return 40_000 + r % 9_000 + (r >> 60 == 0 ? (r >> 20) % 3_000_000 : 0)
        }
    }

    @Test func bucketsHoldEveryLatencyWithinTheStatedPrecision() throws {
        let values = Self.latencies(5_000, seed: 3) + [0, 1, 1023, 1024, 1025, UInt64(1) << 40]
        let histogram = try #require(LatencyHistogram(latenciesNs: values))
        #expect(histogram.count == values.count)
        #expect(histogram.buckets.reduce(0) { $0 + Int($1[2]) } == values.count)
        #expect(histogram.minNs == 0 && histogram.maxNs == UInt64(1) << 40)
        for value in values {
            let (lower, width) = LatencyHistogram.bucket(of: value, significantBits: histogram.significantBits)
            #expect(lower <= value && value < lower + width)
            #expect(Double(width) <= max(1, Double(lower) / 512))
        }
        let sorted = values.sorted(by: >)
        for rank in [1, 2, 10, 500, values.count] {
            let bucket = try #require(histogram.bucket(rankFromTop: rank))
            #expect(bucket.lower <= sorted[rank - 1] && sorted[rank - 1] < bucket.upper)
        }
    }

    static func runScript(_ document: Document) throws -> (status: Int32, output: String) {
        let folder = try TemporaryFolder()
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let path = try folder.write("report.json", data: try encoder.encode(document))
        return try TestReports.recompute(path)
    }

    @Test func theScriptRecomputesTheEstimateAndRefusesATamperedOne() throws {
        var scenarios: [Document.Scenario] = []
        for (count, percentile) in [(3_000, 0.90), (700, 0.99), (64, 0.90)] {
            let values = Self.latencies(count, seed: UInt64(count))
            let estimate = EarlyStopping(percentile: percentile).estimate(latenciesNs: values)
            scenarios.append(
                .init(
                    scenario: "single-stream", earlyStopping: estimate,
                    latencyHistogram: try #require(LatencyHistogram(latenciesNs: values))))
        }
        let honest = try Self.runScript(Document(workloads: [.init(id: "w", scenarios: scenarios)]))
        #expect(honest.status == 0, "\(honest.output)")
        #expect(honest.output.components(separatedBy: "agrees").count - 1 == 3, "\(honest.output)")

        // A report whose estimate was lowered by 10 % (beyond the 0.2 % precision) is refused.
        let first = scenarios[0].earlyStopping
        let lowered = EarlyStoppingResult(
            percentile: first.percentile, confidence: first.confidence, queries: first.queries, valid: true,
            overBound: first.overBound, estimateNs: first.estimateNs.map { $0 * 9 / 10 }, queriesNeeded: 0)
        let tampered = try Self.runScript(
            Document(workloads: [
                .init(
                    id: "w",
                    scenarios: [
                        .init(
                            scenario: "single-stream", earlyStopping: lowered,
                            latencyHistogram: scenarios[0].latencyHistogram)
                    ])
            ]))
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("MISMATCH"), "\(tampered.output)")
        // So is one that claims more queries over the bound than its count supports.
        let inflated = EarlyStoppingResult(
            percentile: first.percentile, confidence: first.confidence, queries: first.queries, valid: true,
            overBound: first.overBound + 5, estimateNs: first.estimateNs, queriesNeeded: 0)
        let wrongT = try Self.runScript(
            Document(workloads: [
                .init(
                    id: "w",
                    scenarios: [
                        .init(
                            scenario: "single-stream", earlyStopping: inflated,
                            latencyHistogram: scenarios[0].latencyHistogram)
                    ])
            ]))
        #expect(wrongT.status == 1)
    }
}
