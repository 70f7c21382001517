/// The uncertainty of a window's average power, in watts; pure functions.
///
/// Components, combined in quadrature: the meter's stated accuracy at the average (treated as
/// fully correlated across samples, so it does not shrink with their number); the reading
/// resolution; the sampling term, twice the standard error of the mean computed from successive
/// differences of the readings (fluctuation faster than the sampling, which integration cannot
/// follow, while slow changes the trapezoid does follow are left out), shrinking with the sample
/// count; and the baseline's own uncertainty when one is subtracted.
/// The clock-offset term is added by ``EnergyWindow`` in joules.
enum EnergyUncertainty {
    static func watts(
        averageWatts: Double, readings: [Double], identity: MeterIdentity, counters: Bool,
        spanSeconds: Double, baseline: PowerLevel?
    ) -> Double {
        let stated = identity.accuracy.uncertainty(ofWatts: averageWatts)
        // Power: a rectangular ±resolution/2 per reading. Counter: two readings bound the span.
        let resolution =
            counters
            ? identity.resolution * 2.0.squareRoot() / spanSeconds
            : identity.resolution / 12.0.squareRoot()
        let differences = zip(readings, readings.dropFirst()).map { $1 - $0 }
        let fastNoise = WindowSamples.rootMeanSquare(differences) / 2.0.squareRoot()
        let sampling = 2 * fastNoise / Double(max(readings.count, 1)).squareRoot()
        let base = baseline?.uncertaintyWatts ?? 0
        return (stated * stated + resolution * resolution + sampling * sampling + base * base).squareRoot()
    }
}
