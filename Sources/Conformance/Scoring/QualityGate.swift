/// The quality gate (step 4 of the scoring rules): a performance or energy figure counts only if
/// the same workload met its quality target.
///
/// The gate is the `quality` family of the loaded standards, not the suite: every quality clause
/// that covers the device class and the workload's kind is evaluated, whether or not the suite
/// lists it, so a suite cannot skip the gate. A workload fails the gate when one of those rows
/// fails; a missing quality figure does not void the others (the quality clause itself then
/// reports `inconclusive` when the suite lists it).
struct QualityGate: Sendable {
    private let failures: [String: [String]]

    /// Evaluates the quality clauses of `standards` for the workloads of `input`.
    init(standards: StandardsSet, input: ScoringInput) {
        let evaluator = RowEvaluator(input: input)
        var failures: [String: [String]] = [:]
        for standard in standards.standards where standard.family == .quality {
            for clause in standard.clauses {
                for row in evaluator.rows(for: clause) where row.verdict == .fail {
                    if let workload = row.workloadID { failures[workload, default: []].append(clause.id) }
                }
            }
        }
        self.failures = failures
    }

    /// `row` itself when its workload passed the gate (or it is a quality clause or has no
    /// workload); otherwise the row turned `inconclusive`, its checks kept for the report.
    func apply(to row: ClauseVerdict, family: StandardFamily?) -> ClauseVerdict {
        guard family != .quality, row.verdict != .notApplicable, let workload = row.workloadID,
            let failed = failures[workload]
        else { return row }
        let reason = "figure void: quality gate failed (\(failed.joined(separator: ", ")) on workload \(workload))"
        return ClauseVerdict(
            clauseID: row.clauseID, title: row.title, level: row.level, workloadID: row.workloadID,
            verdict: .inconclusive, checks: row.checks,
            reason: [reason, row.reason].compactMap(\.self).joined(separator: "; "),
            evidence: row.evidence)
    }
}
