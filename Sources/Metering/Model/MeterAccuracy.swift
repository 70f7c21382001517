/// A meter's stated accuracy, as data sheets state it for power: a fraction of the reading, a
/// fraction of the range in use, a power-factor term, and an absolute floor. For AC analyzers
/// such as the Yokogawa WT300E: ±(0.1 % of reading + 0.05 % of range) at λ = 1, plus P·tanφ·0.1 %
/// for 0 < λ < 1 (the influence at λ = 0); the range term scales with λ (it is a fraction of the
/// apparent-power range).
public struct MeterAccuracy: Codable, Sendable, Equatable {
    /// Uncertainty as a fraction of the reading (0.001 = 0.1 %).
    public let fractionOfReading: Double
    /// Absolute uncertainty added to every reading, in watts.
    public let floorWatts: Double
    /// Uncertainty as a fraction of the power range in use (0.0005 = 0.05 %); nil when none.
    public var fractionOfRange: Double? = nil
    /// The power range in use (voltage range × current range), in watts; nil when unknown.
    public var rangeWatts: Double? = nil
    /// The power-factor influence at λ = 0, as a fraction of the reading per unit of tanφ; nil when none (DC).
    public var powerFactorFraction: Double? = nil
    /// The power factor λ of the load, as the lab states it (`pf=`); nil when not stated.
    public var powerFactor: Double? = nil

    /// Creates an accuracy statement.
    public init(
        fractionOfReading: Double, floorWatts: Double, fractionOfRange: Double? = nil, rangeWatts: Double? = nil,
        powerFactorFraction: Double? = nil, powerFactor: Double? = nil
    ) {
        self.fractionOfReading = fractionOfReading
        self.floorWatts = floorWatts
        self.fractionOfRange = fractionOfRange
        self.rangeWatts = rangeWatts
        self.powerFactorFraction = powerFactorFraction
        self.powerFactor = powerFactor
    }

    /// The stated uncertainty of one reading of `watts`, in watts; a term whose input is unknown
    /// (range, power factor) is left out and named by ``missingTerm``.
    public func uncertainty(ofWatts watts: Double) -> Double {
        let lambda = min(max(powerFactor ?? 1, 1e-3), 1)
        let range = (fractionOfRange ?? 0) * (rangeWatts ?? 0) * lambda
        let tangent = (1 - lambda * lambda).squareRoot() / lambda
        let factor = abs(watts) * tangent * (powerFactor == nil ? 0 : (powerFactorFraction ?? 0))
        return abs(watts) * fractionOfReading + floorWatts + range + factor
    }

    /// Which datasheet term could not be computed, or nil when the statement is complete.
    public var missingTerm: String? {
        if (fractionOfRange ?? 0) > 0 && rangeWatts == nil {
            return
                "the range in use is unknown, so the datasheet's ±\(fractionOfRange! * 100) % of range term is missing (state range_w= or use a preset that reads the ranges)"
        }
        if (powerFactorFraction ?? 0) > 0 && powerFactor == nil {
            return "the load's power factor is not stated (pf=), so the datasheet's power-factor term is missing"
        }
        return nil
    }

    /// This accuracy with the range in use.
    public func inRange(_ watts: Double?) -> MeterAccuracy {
        var copy = self
        if let watts { copy.rangeWatts = watts }
        return copy
    }
}
