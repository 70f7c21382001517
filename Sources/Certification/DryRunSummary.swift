/// What `aitc certify --dry-run` prints: for each device, the clauses that will be not applicable
/// or inconclusive and why, and that nothing was measured or signed.
public struct DryRunSummary: Sendable {
    /// Every device's plan.
    public let plans: [DevicePlan]

    /// A summary of `plans`.
    public init(_ plans: [DevicePlan]) {
        self.plans = plans
    }

    /// The summary's lines.
    public func lines() -> [String] {
        var lines: [String] = []
        for plan in plans {
            lines.append("dry run for \(plan.device): every input checked; nothing measured or signed")
            let inconclusive = plan.rows.filter { $0.verdict == .inconclusive }
            let inapplicable = plan.rows.filter { $0.verdict == .notApplicable }
            if inconclusive.isEmpty { lines.append("no clause is known in advance to be inconclusive") }
            for row in inconclusive {
                lines.append("inconclusive   \(row.clauseID) [\(row.level.rawValue)]: \(row.reason)")
                if let remedy = row.remedy { lines.append("  what to do: \(remedy)") }
            }
            for row in inapplicable {
                lines.append("not applicable \(row.clauseID) [\(row.level.rawValue)]: \(row.reason)")
            }
        }
        return lines
    }
}
