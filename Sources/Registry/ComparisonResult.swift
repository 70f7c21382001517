import Desk

/// A comparison as the JSON API returns it: the rules' findings and the entries compared.
public struct ComparisonResult: Sendable, Hashable, Codable {
    /// One rule broken: `refused` stops the comparison, otherwise it is a note beside it.
    public struct Finding: Sendable, Hashable, Codable {
        public let refused: Bool
        public let reason: String
    }

    /// Whether no rule refuses the comparison.
    public let comparable: Bool
    public let findings: [Finding]
    public let entries: [RegistryEntry]

    /// Creates the result from a comparison of `entries`.
    public init(entries: [RegistryEntry], comparison: ReportComparison) {
        self.entries = entries
        self.comparable = comparison.comparable
        self.findings = comparison.findings.map { Finding(refused: $0.refused, reason: $0.reason) }
    }
}
