import Desk

/// A comparison as the JSON API returns it: the rules' findings and the entries compared.
public struct ComparisonResult: Sendable, Hashable, Codable {
    /// One rule broken: `refused` stops the comparison, otherwise it is a note beside it.
    public struct Finding: Sendable, Hashable, Codable {
        /// Whether the rule refuses the comparison (else the finding is a note beside it).
        public let refused: Bool
        /// The rule and how the entries break it, as a sentence.
        public let reason: String
    }

    /// Whether no rule refuses the comparison.
    public let comparable: Bool
    /// Every rule the entries break.
    public let findings: [Finding]
    /// The entries compared, as the registry holds them.
    public let entries: [RegistryEntry]

    /// Creates the result from a comparison of `entries`.
    public init(entries: [RegistryEntry], comparison: ReportComparison) {
        self.entries = entries
        self.comparable = comparison.comparable
        self.findings = comparison.findings.map { Finding(refused: $0.refused, reason: $0.reason) }
    }
}
