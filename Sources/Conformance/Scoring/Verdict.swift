/// The outcome of one requirement or one clause row.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Measured, valid, and within the bound (with its uncertainty, where the clause's rule says so).
    case pass
    /// Measured, valid, and outside the bound.
    case fail
    /// Could not be judged: not measured, no value, invalid figure, or voided by the quality gate.
    case inconclusive
    /// The clause does not cover the device class.
    case notApplicable = "not-applicable"
    /// Measured and valid, but the clause sets no bound for the device class: shown, never counted
    /// as a pass.
    case reportedOnly = "reported-only"

    /// The verdict as written in reports.
    public var description: String { rawValue }
}
