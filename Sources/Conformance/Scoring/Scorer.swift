/// Turns a run's measurements into verdicts per clause and an overall decision, following the
/// scoring rules of `Docs/standards-format.md`. Holds no thresholds: every bound comes from the
/// standards it is given.
public struct Scorer: Sendable {
    /// Creates a scorer.
    public init() {}

    /// Scores `input` against `standards`.
    ///
    /// - Throws: ``ScoringError/unknownClause(_:standards:)`` when the suite names a clause id
    ///   that no standard defines. Anything that cannot be measured is an `inconclusive` row, not
    ///   an error.
    public func score(_ input: ScoringInput, standards: StandardsSet) throws(ScoringError) -> Scorecard {
        var clauses: [Clause] = []
        for id in input.clauseIDs where !clauses.contains(where: { $0.id == id }) {
            guard let clause = standards.clause(id: id) else {
                throw .unknownClause(id, standards: standards.standards.map(\.id))
            }
            clauses.append(clause)
        }
        let evaluator = RowEvaluator(input: input)
        let gate = QualityGate(standards: standards, input: input)
        let rows = clauses.flatMap { clause in
            let family = standards.standard(containing: clause.id)?.family
            if let family, let reason = input.inapplicableFamilies[family] {
                return [
                    ClauseVerdict(
                        clauseID: clause.id, title: clause.title, level: clause.level, workloadID: nil,
                        verdict: .notApplicable, checks: [], reason: reason, evidence: [])
                ]
            }
            return evaluator.rows(for: clause).map { gate.apply(to: $0, family: family) }
        }
        let (decision, reason) = DecisionRule().decide(
            rows, runComplete: input.runComplete, incompleteReason: input.incompleteReason,
            certifies: input.certifies ?? true)
        return Scorecard(verdicts: rows, decision: decision, reason: reason)
    }
}
