import Conformance

/// The mode and run rules of the run.
public struct ModeSection: Codable, Sendable, Equatable {
    public let name: String
    public let description: String
    public let runRulesVersion: String
    public let runRulesSha256: String
    public let rules: ModeRules
}
