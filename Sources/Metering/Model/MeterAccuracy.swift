/// A meter's stated accuracy: a fraction of the reading plus an absolute floor, as data sheets
/// state it (e.g. "±(0.1 % of reading + 0.05 % of range)" → fraction 0.001, floor in watts).
public struct MeterAccuracy: Codable, Sendable, Equatable {
    /// Uncertainty as a fraction of the reading (0.001 = 0.1 %).
    public let fractionOfReading: Double
    /// Absolute uncertainty added to every reading, in watts.
    public let floorWatts: Double

    /// Creates an accuracy statement.
    public init(fractionOfReading: Double, floorWatts: Double) {
        self.fractionOfReading = fractionOfReading
        self.floorWatts = floorWatts
    }

    /// The stated uncertainty of one reading of `watts`, in watts.
    public func uncertainty(ofWatts watts: Double) -> Double {
        abs(watts) * fractionOfReading + floorWatts
    }
}
