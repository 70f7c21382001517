import Conformance
import Foundation
import Harness

/// A human-readable summary of a report on standard output.
struct ReportSummary {
    let report: ConformanceReport

    func print() {
        let info = report.device.info
        Swift.print("")
        Swift.print("aitc \(report.harness.version) — suite \(report.suite.id) \(report.suite.version), mode \(report.mode.name)")
        Swift.print("device   \(report.device.spec): \(info.map { "\($0.manufacturer) \($0.model), \($0.os) \($0.osVersion), \($0.cpu), \($0.arch)" } ?? "unknown")")
        for workload in report.workloads {
            var line = "workload \(workload.id) [\(workload.precision), \(workload.backend.map { "\($0.name) \($0.version)" } ?? "-") on \(workload.acceleratorActual ?? "-")]"
            if let accuracy = workload.accuracy {
                for gate in accuracy.gates {
                    line += String(format: " %@ %.4f (target %.4f)", gate.metric, gate.value, gate.target)
                }
            }
            Swift.print(line)
            for scenario in workload.scenarios {
                Swift.print("  \(scenario.scenario.rawValue): \(Self.describe(scenario))")
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
            Swift.print("\(verdict.verdict.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(verdict.clauseID)\(target) [\(verdict.level.rawValue)] \(detail)\(reason)")
        }
        Swift.print("")
        Swift.print("decision: \(report.decision.rawValue) — \(report.decisionReason)")
    }

    static func describe(_ s: ScenarioResult) -> String {
        var parts = ["\(s.queries) queries", String(format: "%.1f s", s.durationS)]
        if let latency = s.latency {
            parts.append(String(format: "p50 %.4f ms, p90 %.4f ms, p99 %.4f ms", latency.p50Ms, latency.p90Ms, latency.p99Ms))
        }
        if let es = s.earlyStopping {
            let value = es.estimateNs.map { String(format: "%.4f ms", Double($0) / 1e6) } ?? "n/a"
            parts.append(String(format: "early-stopping p%.0f ", es.percentile * 100) + value)
        }
        if let misses = s.deadlineMissPercent, let budget = s.frameBudgetMs {
            parts.append(String(format: "%.2f%% over the %.0f ms frame budget", misses, budget))
        }
        if let server = s.server {
            parts.append("max QPS at p99 <= \(server.latencyBoundMs) ms: \(server.maxQps.map { String(format: "%.1f", $0) } ?? "none")")
        } else if s.scenario == .offline, let sps = s.throughputSps {
            parts.append(String(format: "%d samples, %.1f samples/s", s.samples, sps))
        }
        if let drift = s.sustained { parts.append(String(format: "p90 drift %+.1f%% over %.0f s", drift.driftPercent, drift.durationS)) }
        if s.repeatP90Ms.count > 1 {
            parts.append("repeats p90 " + s.repeatP90Ms.map { String(format: "%.4f", $0) }.joined(separator: "/") + " ms")
        }
        if s.stoppedWhenProven, let t = s.timeToValidS {
            parts.append(String(format: "valid after %.1f s (early stopping proved p90 <= %.4g ms)", t, s.proofBoundMs ?? 0))
        }
        if !s.valid { parts.append("INVALID: " + s.validityNotes.joined(separator: "; ")) }
        return parts.joined(separator: ", ")
    }
}
