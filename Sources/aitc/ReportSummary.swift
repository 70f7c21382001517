import Conformance
import Foundation
import Harness

/// A human-readable summary of a report on standard output.
struct ReportSummary {
    let report: ConformanceReport

    func print() {
        let info = report.device.info
        Swift.print("")
        Swift.print(
            "aitc \(report.harness.version) — suite \(report.suite.id) \(report.suite.version), mode \(report.mode.name)"
        )
        Swift.print(
            "device   \(report.device.spec): \(info.map { "\($0.manufacturer) \($0.model), \($0.os) \($0.osVersion), \($0.cpu), \($0.arch)" } ?? "unknown")"
        )
        for workload in report.workloads {
            var line =
                "workload \(workload.id) [\(workload.precision), \(workload.backend.map { "\($0.name) \($0.version)" } ?? "-") on \(workload.acceleratorActual ?? "-")]"
            if let accuracy = workload.accuracy {
                for gate in accuracy.gates {
                    line += String(format: " %@ %.4f (target %.4f)", gate.metric, gate.value, gate.target)
                }
            }
            Swift.print(line)
            for scenario in workload.scenarios {
                Swift.print("  \(scenario.scenario.rawValue): \(scenario.summary)")
            }
        }
        Swift.print("")
        for verdict in report.verdicts {
            let target = verdict.workloadID.map { " @\($0)" } ?? ""
            let detail = verdict.checks.map { check -> String in
                let value = check.value.map { String(format: "%.4g", $0) } ?? "—"
                let bound = check.bound.map { " \(check.comparison.rawValue) \(String(format: "%.4g", $0))" } ?? ""
                return "\(check.metric) \(value)\(bound) \(check.unit)"
            }.joined(separator: "; ")
            let reason = verdict.reason.map { " — \($0)" } ?? ""
            Swift.print(
                "\(verdict.verdict.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(verdict.clauseID)\(target) [\(verdict.level.rawValue)] \(detail)\(reason)"
            )
        }
        Swift.print("")
        Swift.print("decision: \(report.decision.rawValue) — \(report.decisionReason)")
    }
}
