import Testing

@testable import Harness

/// The minimum query counts of Docs/methodology-sources.md's early-stopping table (MLPerf, c = 0.99, d = 0).
struct EarlyStoppingTests {
    @Test(arguments: [(1, 64), (10, 197), (100, 1246), (1000, 10722)])
    func p90MinimumQueries(overBound: Int, expected: Int) {
        #expect(EarlyStopping(percentile: 0.90).minimumQueries(overBound: overBound) == expected)
    }

    @Test(arguments: [(1, 662), (10, 2010), (100, 12571), (1000, 107569)])
    func p99MinimumQueries(overBound: Int, expected: Int) {
        #expect(EarlyStopping(percentile: 0.99).minimumQueries(overBound: overBound) == expected)
    }

    @Test func tooShortRunIsInvalidAndSaysHowManyMoreQueries() {
        let result = EarlyStopping(percentile: 0.90).estimate(latenciesNs: Array(repeating: 1000, count: 50))
        #expect(!result.valid)
        #expect(result.estimateNs == nil)
        #expect(result.queriesNeeded == 14)
    }

    @Test func estimateDropsTheTMinusOneSlowestQueries() {
        // 197 queries support t = 10: the estimate is the 10th slowest latency.
        let latencies = (1...197).map { UInt64($0) }
        let result = EarlyStopping(percentile: 0.90).estimate(latenciesNs: latencies.shuffled())
        #expect(result.valid)
        #expect(result.overBound == 10)
        #expect(result.estimateNs == 188)
    }

    @Test func estimateIsAtLeastTheExactPercentile() {
        var generator = SampleIndexGenerator(seed: 7)
        let latencies = generator.indices(count: 5000, upperBound: 1_000_000).map { UInt64($0) }
        let result = EarlyStopping(percentile: 0.90).estimate(latenciesNs: latencies)
        let exact = LatencySummary(latenciesNs: latencies)!
        #expect(Double(result.estimateNs!) / 1e6 >= exact.p90Ms)
    }

    @Test("supports(overBound:queries:) accepts exactly the t the search finds (the verifier's quick check)")
    func supportsIsTheSearch() {
        for rule in [EarlyStopping.singleStream, .multiStream] {
            for queries in [0, 10, 43, 44, 45, 458, 459, 1_000, 19_101] {
                let t = rule.overBound(queries: queries)
                #expect(rule.supports(overBound: t, queries: queries), "p\(rule.percentile) n=\(queries) t=\(t)")
                #expect(!rule.supports(overBound: t + 1, queries: queries))
                #expect(t == 0 || !rule.supports(overBound: t - 1, queries: queries))
                #expect(!rule.supports(overBound: -1, queries: queries))
            }
        }
    }

    /// The one-pass t agrees with the definition through h(t): h(t) + t ≤ n < h(t + 1) + t + 1, on the
    /// table's boundaries and on a sweep of run lengths.
    @Test func overBoundIsTheLargestTWhoseMinimumFits() {
        for rule in [EarlyStopping.singleStream, .multiStream] {
            var lengths = Array(stride(from: 0, through: 3_000, by: 7))
            lengths += [63, 64, 196, 197, 1_245, 1_246, 10_721, 10_722, 661, 662, 2_009, 2_010, 12_571, 107_569]
            for queries in lengths {
                let t = rule.overBound(queries: queries)
                if t > 0 { #expect(rule.minimumQueries(overBound: t) <= queries, "p\(rule.percentile) n=\(queries)") }
                #expect(rule.minimumQueries(overBound: t + 1) > queries, "p\(rule.percentile) n=\(queries) t=\(t)")
            }
        }
        #expect(EarlyStopping.singleStream.overBound(queries: 10_722) == 1_000)
        #expect(EarlyStopping.multiStream.overBound(queries: 107_569) == 1_000)
    }

    /// A tiny model runs tens of millions of queries a minute; their estimate is one pass, not a
    /// search of h(t) per probe, and still the t the verifier's two CDFs accept.
    @Test func overBoundOfTwentyMillionQueriesIsTheVerifiersT() {
        let rule = EarlyStopping.singleStream
        let t = rule.overBound(queries: 20_000_000)
        #expect(t > 1_990_000 && t < 2_000_000)
        #expect(rule.supports(overBound: t, queries: 20_000_000))
        #expect(!rule.supports(overBound: t + 1, queries: 20_000_000))
    }
}
