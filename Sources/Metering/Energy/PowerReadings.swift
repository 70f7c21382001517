/// Power readings from a meter's samples, whatever the meter records; pure functions.
public enum PowerReadings {
    /// Power samples: the samples' own `watts` when they carry power. For cumulative counters
    /// (every sample has `joules`) the counter is unwrapped at `counterRangeJoules`, interpolated
    /// linearly onto a uniform time grid with as many points as readings, and differenced, so each
    /// reading covers an equal stretch of time and their plain mean is the energy over the span
    /// divided by the span (irregular read times do not bias it). Empty when a counter went
    /// backwards with no known range.
    public static func watts(_ samples: [MeterSample], counterRangeJoules: Double?) -> [MeterSample] {
        let sorted = samples.sorted { $0.timeNs < $1.timeNs }
        guard sorted.count >= 3, sorted.allSatisfy({ $0.joules != nil }) else {
            return sorted.filter { $0.watts?.isFinite == true }.map { MeterSample(timeNs: $0.timeNs, watts: $0.watts) }
        }
        guard let deltas = WindowSamples.counterDeltas(sorted.map { $0.joules! }, range: counterRangeJoules) else {
            return []
        }
        var cumulative = [0.0]
        for delta in deltas { cumulative.append(cumulative.last! + delta) }
        let times = sorted.map { Double($0.timeNs) }
        let first = times.first!
        let step = (times.last! - first) / Double(times.count - 1)
        guard step > 0 else { return [] }
        var index = 0
        func energy(at time: Double) -> Double {
            while index < times.count - 2 && times[index + 1] < time { index += 1 }
            let span = times[index + 1] - times[index]
            let fraction = span > 0 ? (time - times[index]) / span : 0
            return cumulative[index] + fraction * (cumulative[index + 1] - cumulative[index])
        }
        var result: [MeterSample] = []
        var previous = energy(at: first)
        for point in 1..<times.count {
            let time = point == times.count - 1 ? times.last! : first + step * Double(point)
            let current = energy(at: time)
            result.append(MeterSample(timeNs: Int64(time - step / 2), watts: (current - previous) / (step / 1e9)))
            previous = current
        }
        return result
    }
}
