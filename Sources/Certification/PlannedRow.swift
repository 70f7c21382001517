import Conformance

/// A clause row the dry run knows will not be judged on the device's figures.
public struct PlannedRow: Sendable, Equatable {
    /// The clause id.
    public let clauseID: String
    /// Whether the clause decides conformance.
    public let level: RequirementLevel
    /// `notApplicable` or `inconclusive`.
    public let verdict: Verdict
    /// Why.
    public let reason: String
    /// What to do about it, when something can be done.
    public let remedy: String?
}
