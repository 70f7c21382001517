import Testing

@testable import Harness

/// The outputs-match sampling rate, planned again after every chunk (the end-to-end check with a real
/// agent and a backend that warms up slowly is `VendorCheatTests.honestFixturesPassEveryAudit`).
struct SpreadRateTests {
    /// Samples a simulated run chunk by chunk at the planned rate; returns the sampled positions.
    /// `expected` is what the harness believes is left after each chunk.
    static func simulate(chunks: [Int], expected: (Int) -> Int, target: Int, seed: UInt64) -> [Int] {
        var spread = SpreadRate.outputs(target: target, maxRate: 0.05)
        var picker = SampleIndexGenerator(seed: seed)
        var positions: [Int] = []
        var done = 0
        for chunk in chunks {
            for query in 0..<chunk where positions.count < 2 * target && StreamRun.unit(picker.next()) < spread.rate {
                positions.append(done + query)
            }
            done += chunk
            spread.replan(drawn: positions.count, remaining: expected(done))
        }
        return positions
    }

    @Test func aRunLongerThanPlannedIsSampledToItsEnd() {
        // Planned for 3,000 queries, the run goes on to 30,000 (the first queries were slow).
        let chunks = [4, 2996, 9000, 9000, 9000]
        for seed in UInt64(1)...50 {
            let positions = Self.simulate(chunks: chunks, expected: { max(3000 - $0, 9000) }, target: 64, seed: seed)
            let last = positions.max() ?? 0
            #expect(last > 30_000 * 3 / 4, "seed \(seed): last sample at \(last) of 30000")
            #expect(positions.count >= 64 && positions.count <= 128, "seed \(seed): \(positions.count) samples")
        }
    }

    @Test func aRunAsPlannedTakesAboutTheTarget() {
        let chunks = [4, 5000, 5000, 5000, 5000]
        for seed in UInt64(1)...50 {
            let positions = Self.simulate(
                chunks: chunks, expected: { max(20_004 - $0, 5000) }, target: 64, seed: seed)
            #expect(positions.count >= 40 && positions.count <= 128, "seed \(seed): \(positions.count) samples")
            #expect((positions.max() ?? 0) > 15_000, "seed \(seed)")
        }
    }

    @Test func theRateNeverExceedsTheRunRulesFraction() {
        var spread = SpreadRate.outputs(target: 64, maxRate: 0.05)
        #expect(spread.rate == 0.05)
        spread.replan(drawn: 0, remaining: 10)
        #expect(spread.rate == 0.05)
        spread.replan(drawn: 200, remaining: 1_000_000)
        #expect(spread.rate > 0)
    }

    /// A finite pool (novel inputs) has no reserve: once drawn it is spent, and the rate is zero.
    @Test func aFinitePoolStopsWhenSpent() {
        var novel = SpreadRate(target: 256, maxRate: 0.1)
        novel.replan(drawn: 100, remaining: 10_000)
        #expect(abs(novel.rate - 156.0 / 10_000) < 1e-12)
        novel.replan(drawn: 256, remaining: 10_000)
        #expect(novel.rate == 0)
    }
}
