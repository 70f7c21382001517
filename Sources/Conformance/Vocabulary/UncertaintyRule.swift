/// How a requirement decides with a measured value's uncertainty `U` (a clause's `decision_rule`).
public enum UncertaintyRule: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The value alone is compared with the bound (the uncertainty is shown, not used).
    case simple
    /// ILAC G8 guard band: pass only when the whole interval value ± U meets the bound, fail only
    /// when the whole interval misses it, otherwise inconclusive with the reason; a measurement
    /// without a stated uncertainty is inconclusive.
    case guardBand = "guard-band"

    /// The rule as written in standard files.
    public var description: String { rawValue }
}
