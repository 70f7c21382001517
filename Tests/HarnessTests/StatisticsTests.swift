import Testing

@testable import Harness

struct StatisticsTests {
    @Test func nearestRankPercentiles() {
        let summary = LatencySummary(latenciesNs: (1...100).map { UInt64($0) * 1_000_000 })!
        #expect(summary.count == 100)
        #expect(summary.p50Ms == 50)
        #expect(summary.p90Ms == 90)
        #expect(summary.p99Ms == 99)
        #expect(summary.minMs == 1)
        #expect(summary.maxMs == 100)
        #expect(summary.meanMs == 50.5)
    }

    @Test func emptyLatenciesHaveNoSummary() {
        #expect(LatencySummary(latenciesNs: []) == nil)
    }

    @Test func sampleIndicesAreReproducibleFromTheSeed() {
        var a = SampleIndexGenerator(seed: 42)
        var b = SampleIndexGenerator(seed: 42)
        var c = SampleIndexGenerator(seed: 43)
        let first = a.indices(count: 1000, upperBound: 540)
        #expect(first == b.indices(count: 1000, upperBound: 540))
        #expect(first != c.indices(count: 1000, upperBound: 540))
        #expect(first.allSatisfy { (0..<540).contains($0) })
        #expect(Set(first).count > 400)
    }

    @Test func clockAlignmentUsesTheBestRoundTrip() {
        let start = [
            ClockSample(hostSendNs: 1000, deviceNs: 600_000, hostReceiveNs: 3000),
            ClockSample(hostSendNs: 5000, deviceNs: 505_100, hostReceiveNs: 5200),
        ]
        let end = [ClockSample(hostSendNs: 1_000_005_000, deviceNs: 1_000_506_100, hostReceiveNs: 1_000_005_200)]
        let alignment = ClockAlignment(start: start, end: end)!
        #expect(alignment.startOffsetNs == 500_000)
        #expect(alignment.endOffsetNs == 501_000)
        #expect(abs(alignment.driftPpm! - 1.0) < 1e-9)
        #expect(alignment.uncertaintyNs == 100)
    }
}
