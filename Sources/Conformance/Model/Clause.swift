/// One clause of a standard: what is measured, on which devices, and the bound it must meet.
public struct Clause: Sendable, Hashable, Codable, Identifiable {
    /// Stable id, unique across all standard files, e.g. `LAT-01`.
    public let id: String
    /// Short human title.
    public let title: String
    /// Whether the clause decides conformance.
    public let level: RequirementLevel
    /// The device classes and workload kinds it covers.
    public let appliesTo: Applicability
    /// Conditions that must all hold for the clause to pass.
    public let requirements: [Requirement]
    /// How each figure is obtained (scenario, run rules, statistic).
    public let method: String
    /// `proposed`, or the public document the clause derives from.
    public let source: String
    /// The 1-based line of the clause in its standard file.
    public let line: Int

    /// Creates a clause.
    public init(
        id: String,
        title: String,
        level: RequirementLevel,
        appliesTo: Applicability,
        requirements: [Requirement],
        method: String,
        source: String,
        line: Int
    ) {
        self.id = id
        self.title = title
        self.level = level
        self.appliesTo = appliesTo
        self.requirements = requirements
        self.method = method
        self.source = source
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case id, title, level, requirements, method, source, line
        case appliesTo = "applies_to"
    }
}
