/// Whether a clause decides conformance or is reported only.
public enum RequirementLevel: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A failing or inconclusive row changes the overall decision.
    case mandatory
    /// Reported with its verdict, never changes the overall decision.
    case recommended

    /// The level as written in standard files.
    public var description: String { rawValue }
}
