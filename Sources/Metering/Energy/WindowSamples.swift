/// Selection and integration helpers over time-ordered samples; pure functions.
enum WindowSamples {
    /// Samples strictly between `begin` and `end` (host clock, ns), in time order.
    static func inside(_ samples: [MeterSample], begin: Double, end: Double) -> [MeterSample] {
        samples.filter { Double($0.timeNs) > begin && Double($0.timeNs) < end }.sorted { $0.timeNs < $1.timeNs }
    }

    /// The longest stretch without a sample, edges of the window included, in ns.
    static func largestGap(times: [Int64], begin: Double, end: Double) -> Double {
        guard let first = times.first, let last = times.last else { return end - begin }
        var gap = max(Double(first) - begin, end - Double(last))
        for (earlier, later) in zip(times, times.dropFirst()) { gap = max(gap, Double(later - earlier)) }
        return gap
    }

    /// Trapezoid integral of power over the samples' span, in joules.
    static func trapezoid(_ samples: [(timeNs: Int64, watts: Double)]) -> Double {
        zip(samples, samples.dropFirst()).reduce(0) { sum, pair in
            sum + (pair.0.watts + pair.1.watts) / 2 * Double(pair.1.timeNs - pair.0.timeNs) / 1e9
        }
    }

    /// Energy between consecutive counter readings, unwrapping at `range`; nil when a reading
    /// went backwards and the range is unknown.
    static func counterDeltas(_ joules: [Double], range: Double?) -> [Double]? {
        var deltas: [Double] = []
        for (earlier, later) in zip(joules, joules.dropFirst()) {
            if later >= earlier {
                deltas.append(later - earlier)
            } else if let range, range > 0 {
                deltas.append(later + range - earlier)
            } else {
                return nil
            }
        }
        return deltas
    }

    /// Sample standard deviation (n − 1); 0 for fewer than two values.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Root mean square; 0 for no values.
    static func rootMeanSquare(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        return (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }
}
