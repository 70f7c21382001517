import Conformance
import Harness

/// Predicts, from the inputs alone, the rows of a suite that will be not applicable or
/// inconclusive: clauses that do not cover the device class or an emulated device, metrics the
/// mode's run rules do not measure, figures the caller knows will be absent.
struct DryRunPlanner: Sendable {
    let suite: Suite
    let mode: ModeRules
    let standards: StandardsSet
    let absences: [PlannedAbsence]
    let emulated: Bool
    let device: DeviceSpec

    func rows() -> [PlannedRow] {
        let deviceClass = suite.deviceClass
        let kinds = Set(suite.workloads.map(\.kind))
        var rows: [PlannedRow] = []
        for id in suite.clauses {
            guard let clause = standards.clause(id: id) else { continue }
            func row(_ verdict: Verdict, _ reason: String, remedy: String? = nil) {
                rows.append(
                    PlannedRow(clauseID: id, level: clause.level, verdict: verdict, reason: reason, remedy: remedy))
            }
            if !clause.appliesTo.covers(deviceClass) {
                row(.notApplicable, "device class \(deviceClass) is not covered")
                continue
            }
            let family = standards.standard(containing: id)?.family
            if emulated, family == .latency || family == .energy {
                row(.notApplicable, "the device is emulated: its timing and power say nothing about the real SoC")
                continue
            }
            if let wanted = clause.appliesTo.workloadKinds, kinds.isDisjoint(with: wanted) {
                let names = wanted.map(\.rawValue).joined(separator: " or ")
                let reason = "suite \(suite.id) has no workload of kind \(names)"
                row(.inconclusive, reason, remedy: Remedy.advice(metric: "", reason: reason))
                continue
            }
            var reasons: [String] = []
            var remedy: String?
            for requirement in clause.requirements {
                guard let reason = absenceReason(requirement.metric), !reasons.contains(reason) else { continue }
                reasons.append(reason)
                remedy = remedy ?? Remedy.advice(metric: requirement.metric, reason: reason)
            }
            if !reasons.isEmpty { row(.inconclusive, reasons.joined(separator: "; "), remedy: remedy) }
        }
        return rows
    }

    /// Why `metric` will have no figure whatever the device does, or nil.
    private func absenceReason(_ metric: String) -> String? {
        if let absence = absences.first(where: { $0.covers(metric, on: device) }) { return absence.reason }
        if metric.hasPrefix("energy."), mode.energy == nil {
            return "the run rules of mode \(mode.name) have no energy section, so no energy window is measured"
        }
        if metric.hasPrefix("sustained."), mode.sustained == nil {
            return "the run rules of mode \(mode.name) have no sustained run"
        }
        if metric.hasPrefix("audit."), mode.audits == nil {
            return "the run rules of mode \(mode.name) run no integrity audits"
        }
        if metric.hasPrefix("llm."), mode.llm == nil {
            return "the run rules of mode \(mode.name) have no llm rules"
        }
        return nil
    }
}
