/// Every standard loaded for a run, with lookup of clauses by id.
///
/// ``StandardsLoader`` guarantees that standard ids and clause ids are unique across the set;
/// a set built by hand with duplicates answers lookups with the first match.
public struct StandardsSet: Sendable, Hashable, Codable {
    /// The standards, in load order (files sorted within each directory).
    public let standards: [Standard]

    /// Creates a set from already validated standards.
    public init(_ standards: [Standard]) {
        self.standards = standards
    }

    /// Every clause of every standard, in load order.
    public var clauses: [Clause] {
        standards.flatMap(\.clauses)
    }

    /// The clause with `id`, or `nil` when no standard defines it.
    public func clause(id: String) -> Clause? {
        for standard in standards {
            if let clause = standard.clauses.first(where: { $0.id == id }) { return clause }
        }
        return nil
    }

    /// The standard that defines the clause `clauseID`, or `nil` when none does.
    public func standard(containing clauseID: String) -> Standard? {
        standards.first { $0.clauses.contains { $0.id == clauseID } }
    }
}
