/// A standby figure, or the reason there is none.
public enum StandbyResult: Codable, Sendable, Equatable {
    /// A measured standby power.
    case measured(StandbyMeasurement)
    /// No figure.
    case unavailable(EnergyUnavailable)

    /// The measurement, if any.
    public var measurement: StandbyMeasurement? {
        if case .measured(let measurement) = self { return measurement }
        return nil
    }
}
