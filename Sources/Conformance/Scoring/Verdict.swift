/// The outcome of one requirement or one clause row.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Measured, valid, and within the bound (or reported only).
    case pass
    /// Measured, valid, and outside the bound.
    case fail
    /// Could not be judged: not measured, no value, invalid figure, or voided by the quality gate.
    case inconclusive
    /// The clause does not cover the device class.
    case notApplicable = "not-applicable"

    /// The verdict as written in reports.
    public var description: String { rawValue }
}
