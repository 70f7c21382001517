import Conformance

/// The mode and run rules of the run.
public struct ModeSection: Codable, Sendable, Equatable {
    /// The mode's name (`quick`, `certification`).
    public let name: String
    public let description: String
    /// The run rules file's version.
    public let runRulesVersion: String
    /// SHA-256 of the run rules file.
    public let runRulesSha256: String
    /// The mode's rules as they were applied.
    public let rules: ModeRules
}
