@testable import Metering

/// Shared test values.
enum Fixtures {
    static let accuracy = MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0.01)

    static func identity(kind: MeterKind = .external, range: Double? = nil, resolution: Double = 0) -> MeterIdentity {
        MeterIdentity(
            name: "test", model: "TEST,1", kind: kind, sampleRateHz: 10, resolution: resolution, accuracy: accuracy,
            counterRangeJoules: range)
    }

    static let lenient = EnergyPolicy(minimumSamples: 2, maximumGapFraction: 1)

    /// Samples of constant `watts` every `stepNs` from `fromNs` to `toNs` inclusive.
    static func constant(_ watts: Double, fromNs: Int64, toNs: Int64, stepNs: Int64) -> [MeterSample] {
        stride(from: fromNs, through: toNs, by: Int(stepNs)).map { MeterSample(timeNs: $0, watts: watts) }
    }
}
