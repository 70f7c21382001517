/// Builds the rows of one clause: applicability, workload selection and requirement checks
/// (steps 1–3 and 5 of the scoring rules in `Docs/standards-format.md`).
struct RowEvaluator: Sendable {
    let input: ScoringInput

    /// The rows of `clause`, before the quality gate is applied.
    func rows(for clause: Clause) -> [ClauseVerdict] {
        let deviceClass = input.deviceClass
        guard clause.appliesTo.covers(deviceClass) else {
            let covered = clause.appliesTo.deviceClasses.map(\.rawValue).joined(separator: ", ")
            return [
                row(
                    clause, workloadID: nil, .notApplicable, [],
                    "device class \(deviceClass) is not covered (covers: \(covered))", [])
            ]
        }
        guard let kinds = clause.appliesTo.workloadKinds else {
            return [evaluate(clause, workloadID: nil, subject: "the device")]
        }
        let workloads = input.workloads.filter { kinds.contains($0.kind) }
        guard !workloads.isEmpty else {
            let suite = input.suiteID.map { "suite \($0)" } ?? "the suite"
            let names = kinds.map(\.rawValue).joined(separator: " or ")
            return [row(clause, workloadID: nil, .inconclusive, [], "\(suite) has no workload of kind \(names)", [])]
        }
        return workloads.map { evaluate(clause, workloadID: $0.id, subject: "workload \($0.id)") }
    }

    private func evaluate(_ clause: Clause, workloadID: String?, subject: String) -> ClauseVerdict {
        var checks: [RequirementCheck] = []
        var evidence: [String] = []
        for requirement in clause.requirements {
            let evaluator = RequirementEvaluator(requirement: requirement, deviceClass: input.deviceClass)
            let matching = input.measurements.filter { $0.metric == requirement.metric && $0.workloadID == workloadID }
            if matching.isEmpty {
                checks.append(evaluator.evaluate(nil, subject: subject))
            }
            for measurement in matching {
                checks.append(evaluator.evaluate(measurement, subject: subject))
                if !measurement.evidence.isEmpty, !evidence.contains(measurement.evidence) {
                    evidence.append(measurement.evidence)
                }
            }
        }
        let verdict: Verdict =
            checks.contains { $0.verdict == .fail }
            ? .fail
            : checks.contains { $0.verdict == .inconclusive }
                ? .inconclusive
                : checks.contains { $0.verdict == .pass } ? .pass : .reportedOnly
        let reasons = checks.filter { $0.verdict != .pass }.compactMap(\.reason)
        let reason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        return row(clause, workloadID: workloadID, verdict, checks, reason, evidence)
    }

    private func row(
        _ clause: Clause, workloadID: String?, _ verdict: Verdict, _ checks: [RequirementCheck], _ reason: String?,
        _ evidence: [String]
    ) -> ClauseVerdict {
        ClauseVerdict(
            clauseID: clause.id, title: clause.title, level: clause.level, workloadID: workloadID, verdict: verdict,
            checks: checks, reason: reason, evidence: evidence)
    }
}
