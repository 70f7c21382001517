/// A steady power with its uncertainty, e.g. an idle baseline measured before a run.
public struct PowerLevel: Codable, Sendable, Equatable {
    /// Mean power, in watts.
    public let watts: Double
    /// Its uncertainty, in watts.
    public let uncertaintyWatts: Double

    /// Creates a power level.
    public init(watts: Double, uncertaintyWatts: Double) {
        self.watts = watts
        self.uncertaintyWatts = uncertaintyWatts
    }
}
