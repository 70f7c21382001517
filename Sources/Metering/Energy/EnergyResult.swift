/// A window's energy figure, or the reason there is none.
public enum EnergyResult: Codable, Sendable, Equatable {
    /// A measured figure.
    case measured(EnergyMeasurement)
    /// No figure; never a made-up number.
    case unavailable(EnergyUnavailable)

    /// The measurement, if any.
    public var measurement: EnergyMeasurement? {
        if case .measured(let measurement) = self { return measurement }
        return nil
    }

    /// The reason there is no measurement, if so.
    public var unavailability: EnergyUnavailable? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}
