import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

/// The replay audit compares a burst of one sample with the same sample spaced among other samples,
/// not with the other samples: the reference backend's cost per textenc text varies several-fold
/// (8 to 78 ms here), so a burst of a cheap text was 79 % "faster" than distinct texts and an honest
/// backend failed QUA-02 in a full-length smartphone certification (2026-12-05).
@Suite(.serialized)
struct ReplayLikeForLikeTests {
    /// The negative controls' audit rules (shipped tolerances, a generous noise cap for a shared,
    /// loaded machine) with blocks of 32 queries: textenc answers in 10–80 ms.
    static let rules = NegativeControlTests.audits(auditQueries: 256)

    /// The first audit seed whose replayed sample is `sample` (the audit draws it first).
    static func seed(replaying sample: Int, of count: Int) -> UInt64 {
        var seed: UInt64 = 1
        while true {
            var generator = SampleIndexGenerator(seed: seed)
            if Int(generator.next() % UInt64(count)) == sample { return seed }
            seed += 1
        }
    }

    @Test func aBurstOfTheCheapestTextIsComparedWithThatTextAndPasses() throws {
        let (loaded, client) = try OfflineBeyondTheCapTests.loaded("textenc-fp32")
        defer { client.bye() }
        let cheapest = try Self.cheapestSample(loaded, client: client)
        let seed = Self.seed(replaying: cheapest, of: loaded.sampleCount)

        let results = try AuditRun(rules: Self.rules, seed: seed, alternateSeed: seed + 1)
            .audit(loaded, typicalSeconds: 0.02, client: client)
        let replay = try #require(results.first { $0.kind == .replay })
        #expect(replay.evidence.contains("spaced"), "\(replay.evidence)")
        // Not a test that cannot fail: against the distinct samples this burst is over 50 % faster.
        #expect(replay.passed || replay.inconclusive != nil, "\(replay.evidence)")
        #expect((replay.value ?? 1) < Self.rules.replayMaxSpeedup + 0.1, "\(replay.evidence)")
    }

    /// The sample the backend answers fastest (median of five spaced runs of every sample), which
    /// must be far cheaper than the typical sample — or the test would prove nothing.
    static func cheapestSample(_ loaded: LoadedWorkload, client: AgentClient) throws -> Int {
        let count = loaded.sampleCount
        let order = (0..<5).flatMap { _ in Array(0..<count) }
        let latencies = try client.run(
            RunRequest(model: loaded.modelHandle, samples: loaded.samplesHandle, queries: order), timeout: 600
        ).latenciesNs
        try #require(latencies.count == order.count)
        let cost = (0..<count).map { sample in
            AuditRun.median(stride(from: sample, to: order.count, by: count).map { latencies[$0] })
        }
        let cheapest = try #require(cost.indices.min { cost[$0] < cost[$1] })
        let typical = cost.sorted()[count / 2]
        try #require(cost[cheapest] * 2 < typical, "sample costs \(cost): none is far cheaper than the median")
        return cheapest
    }

    @Test func theSpacedSampleIsNeverFirstNeverAfterItselfAndTheDrawIsKept() {
        var generator = SampleIndexGenerator(seed: 7)
        for trial in 0..<200 {
            let count = 1 + trial % 40
            let drawn = generator.indices(count: count, upperBound: 5)
            let spacing = 1 + trial % 17
            let (indices, positions) = AuditRun.spacing(3, into: drawn, count: spacing, using: &generator)
            #expect(positions.allSatisfy { $0 > 0 && indices[$0] == 3 && indices[$0 - 1] != 3 })
            #expect(positions.count <= min(spacing, count))
            let kept = Set(positions)
            #expect(indices.indices.filter { !kept.contains($0) }.map { indices[$0] } == drawn)
        }
    }
}
