/// Standby power with an IEC 62301-style stability check: a least-squares line through the
/// readings over time; the slope, relative to the mean, decides stable or unstable.
public enum StandbyAnalysis {
    /// Analyzes power readings (samples without a finite `watts` are ignored).
    public static func evaluate(
        _ samples: [MeterSample], identity: MeterIdentity, minimumSamples: Int, limit: StabilityLimit
    ) -> StandbyResult {
        let readings = samples.compactMap { sample in sample.watts.flatMap { $0.isFinite ? (sample.timeNs, $0) : nil } }
            .sorted { $0.0 < $1.0 }
        let required = max(minimumSamples, 2)
        guard readings.count >= required, let first = readings.first, let last = readings.last else {
            return .unavailable(
                EnergyUnavailable(
                    readings.isEmpty ? .noSamples : .tooSparse,
                    "\(readings.count) standby readings, \(required) required"))
        }
        let hours = readings.map { Double($0.0 - first.0) / 3.6e12 }
        let watts = readings.map(\.1)
        guard let fit = LinearFit(x: hours, y: watts) else {
            return .unavailable(EnergyUnavailable(.tooSparse, "all standby readings carry the same time stamp"))
        }
        let mean = watts.reduce(0, +) / Double(watts.count)
        let stated = identity.accuracy.uncertainty(ofWatts: mean)
        let resolution = identity.resolution / 12.0.squareRoot()
        let sampling = 2 * WindowSamples.standardDeviation(watts) / Double(watts.count).squareRoot()
        let uncertainty = (stated * stated + resolution * resolution + sampling * sampling).squareRoot()
        let allowed = max(limit.relativePerHour * abs(mean), limit.absoluteWattsPerHour)
        return .measured(
            StandbyMeasurement(
                meanWatts: mean, uncertaintyWatts: uncertainty, slopeWattsPerHour: fit.slope,
                relativeSlopePerHour: mean != 0 ? fit.slope / mean : .infinity, stable: abs(fit.slope) <= allowed,
                sampleCount: watts.count, durationSeconds: Double(last.0 - first.0) / 1e9,
                qualifying: identity.kind.isQualifying))
    }
}
