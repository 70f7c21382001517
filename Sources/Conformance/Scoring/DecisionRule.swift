/// The overall decision from the rows (the "Decision" rules of `Docs/standards-format.md`).
struct DecisionRule: Sendable {
    /// The decision and its reason. Recommended rows never change it.
    func decide(
        _ rows: [ClauseVerdict], runComplete: Bool, incompleteReason: String?, certifies: Bool = true
    ) -> (Decision, String) {
        guard runComplete else {
            return (.incomplete, "the run did not complete: \(incompleteReason ?? "no reason recorded")")
        }
        let mandatory = rows.filter { $0.level == .mandatory }
        let failed = mandatory.filter { $0.verdict == .fail }
        if !failed.isEmpty {
            return (.notConformant, "mandatory \(Self.list(failed)) failed")
        }
        let open = mandatory.filter { $0.verdict == .inconclusive }
        if !open.isEmpty {
            return (.inconclusive, "mandatory \(Self.list(open)) inconclusive")
        }
        let passed = mandatory.filter { $0.verdict == .pass }
        guard !passed.isEmpty else {
            return (
                .inconclusive, "no mandatory clause with a bound applies to this device and suite; nothing was assessed"
            )
        }
        let reported = mandatory.filter { $0.verdict == .reportedOnly }.count
        let reason =
            "all \(passed.count) applicable mandatory clause rows with a bound pass"
            + (reported > 0 ? " (\(reported) reported only, not counted)" : "")
        guard certifies else {
            return (.indicative, reason + "; the run's mode does not certify: a self-test result, not a certification")
        }
        return (.conformant, reason)
    }

    private static func list(_ rows: [ClauseVerdict]) -> String {
        let names = rows.map { row in row.workloadID.map { "\(row.clauseID) [\($0)]" } ?? row.clauseID }
        return (rows.count == 1 ? "clause " : "clauses ") + names.joined(separator: ", ")
    }
}
