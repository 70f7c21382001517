/// The chance per query that the outputs-match audit (TEST01) samples a query of the timed run,
/// planned again after every chunk so the samples spread over the whole run.
///
/// A rate planned once from the first chunk spent the whole budget early whenever those few queries
/// were slower than the rest (a device warming up after idling, cold caches): the run was then
/// longer than expected, the cap was reached part-way, and the run's last part had no sample — a
/// stretch a backend could degrade unchecked. Planning from the queries still expected, with a floor
/// on the budget left, keeps sampling to the end; the hard cap (twice the target) still bounds the
/// reveals.
package struct SpreadRate: Sendable, Equatable {
    /// Samples wanted over the whole run.
    package let target: Int
    /// The highest chance per query (the run rules' `output_sample_fraction`).
    package let maxRate: Double
    /// The chance per query for the next chunk.
    package private(set) var rate: Double

    /// Starts at the highest rate: the first chunk is a few queries that calibrate the run.
    package init(target: Int, maxRate: Double) {
        self.target = target
        self.maxRate = maxRate
        rate = maxRate
    }

    /// The budget never planned below this share of the target, so a run that goes on longer than
    /// expected is still sampled to its end (up to the cap).
    static let floorShare = 8

    /// Plans the next chunks: `sampled` outputs so far, `remaining` queries expected from here to the
    /// end of the run (at least the next chunk's).
    package mutating func replan(sampled: Int, remaining: Int) {
        let left = max(target - sampled, max(1, target / Self.floorShare))
        rate = min(maxRate, Double(left) / Double(max(remaining, 1)))
    }
}
