/// The chance per query that an in-run audit draws a query of the timed run — an output sampled for
/// outputs-match (TEST01) or a novel input served for TEST04 — planned again after every chunk so
/// the draws spread over the whole run.
///
/// A rate planned once from the first chunk spent the whole budget early whenever those few queries
/// were slower than the rest (a device warming up after idling, cold caches — or a backend slow on
/// purpose for four queries): the run was then longer than planned, the budget ran out part-way,
/// and the run's last part had no sampled output and no novel input — a stretch a backend could
/// degrade or answer from a cache unchecked. Planning from the queries still expected at the speed
/// just measured spends the rest of the budget over the rest of the run however the speed changes:
/// the draws per second never exceed the budget left over the time left.
package struct SpreadRate: Sendable, Equatable {
    /// Draws wanted over the whole run.
    package let target: Int
    /// The highest chance per query (the run rules' `output_sample_fraction` or `novel_max_share`).
    package let maxRate: Double
    /// The budget is never planned below this many draws while the run goes on, so a run that goes
    /// on longer than expected is still drawn from to its end (the caller caps the total). Zero for
    /// a finite pool (novel inputs).
    package let reserve: Int
    /// The chance per query for the next chunk.
    package private(set) var rate: Double

    /// Starts at the highest rate: the first chunk is a few queries that calibrate the run.
    package init(target: Int, maxRate: Double, reserve: Int = 0) {
        self.target = target
        self.maxRate = maxRate
        self.reserve = reserve
        rate = maxRate
    }

    /// Output samples: the reserve is half the target (the caller caps the total at twice it), so the
    /// rest of a run that went on longer than planned still gets about that many.
    package static func outputs(target: Int, maxRate: Double) -> SpreadRate {
        SpreadRate(target: target, maxRate: maxRate, reserve: max(1, target / 2))
    }

    /// Plans the next chunks: `drawn` so far, `remaining` queries expected from here to the end of the
    /// run (at least the next chunk's).
    package mutating func replan(drawn: Int, remaining: Int) {
        let left = max(target - drawn, reserve)
        rate = left > 0 ? min(maxRate, Double(left) / Double(max(remaining, 1))) : 0
    }
}
