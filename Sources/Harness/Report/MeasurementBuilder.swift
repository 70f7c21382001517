import Conformance
import Foundation

/// Turns a run record into the measurements the scorer reads. A figure that was not measured is
/// emitted without a value and with the reason — never as a number.
package struct MeasurementBuilder: Sendable {
    /// Why sustained-performance figures are absent in this harness version.
    package static let sustainedUnavailable =
        "no sustained (thermal) run: the mode has no sustained rules or the workload no SingleStream run"

    package init() {}

    /// Every measurement of `record`.
    package func measurements(for record: RunRecord) -> [Conformance.Measurement] {
        var result: [Conformance.Measurement] = []
        let energyReason = energyUnavailableReason(record)
        for workload in record.workloads {
            result += workloadMeasurements(workload, energyReason: energyReason, emulated: record.emulated)
        }
        for metric in MetricName.privacy {
            result.append(absent(metric, unit: "count", reason: record.privacyNotRunReason))
        }
        for metric in [MetricName.energyStandbyPower, MetricName.energyAIStandbyIncrement] {
            result.append(absent(metric, unit: "W", reason: energyReason))
        }
        return merge(result, with: record.instrumentMeasurements)
    }

    /// Instrument measurements replace the placeholders (no value) of the same metric and workload.
    func merge(
        _ own: [Conformance.Measurement], with instruments: [Conformance.Measurement]
    ) -> [Conformance.Measurement] {
        let covered = Set(instruments.map { "\($0.metric)|\($0.workloadID ?? "")" })
        return own.filter { $0.value != nil || !covered.contains("\($0.metric)|\($0.workloadID ?? "")") } + instruments
    }

    /// What QUA-02's evidence says on an emulated device: which audits were left out, and why.
    package static let emulatedAuditNote =
        "timing audits not run (\(CertificationRun.timingAudits.map(\.rawValue).joined(separator: ", "))): the device is emulated, "
        + "its times are the emulator's on the harness's CPU"

    private func workloadMeasurements(
        _ workload: WorkloadRecord, energyReason: String, emulated: Bool
    ) -> [Conformance.Measurement] {
        var result: [Conformance.Measurement] = []
        func add(
            _ metric: String, _ unit: String, scenario: String? = nil, value: Double?, valid: Bool, evidence: String,
            reason: String? = nil
        ) {
            result.append(
                Conformance.Measurement(
                    metric: metric, workloadID: workload.id, workloadKind: workload.kind, scenario: scenario,
                    value: value,
                    unit: unit, valid: valid, evidence: evidence, reason: reason))
        }
        if let accuracy = workload.accuracy {
            add(
                MetricName.qualityTargetRatio, "ratio", value: accuracy.targetRatio, valid: true,
                evidence: accuracy.gates.map { "\($0.metric) \(format($0.value)) (target \(format($0.target)))" }
                    .joined(separator: "; ") + " over \(accuracy.samples) samples")
        } else {
            add(
                MetricName.qualityTargetRatio, "ratio", value: nil, valid: false, evidence: "",
                reason: "the accuracy run did not complete")
        }
        let singleStream = workload.scenarios.first { $0.scenario == .singleStream }
        if let ss = singleStream, let estimate = ss.earlyStopping {
            let p90 = estimate.estimateNs.map { Double($0) / 1e6 }
            var evidence = "\(ss.queries) queries over \(format(ss.durationS)) s (seed \(ss.seed))"
            if let latency = ss.latency { evidence += ", exact p90 \(format(latency.p90Ms)) ms" }
            evidence += ", early-stopping p90 estimate (c=0.99, t=\(estimate.overBound))"
            add(
                MetricName.singleStreamP90Latency, "ms", scenario: Scenario.singleStream.rawValue, value: p90,
                valid: ss.valid && estimate.valid, evidence: evidence,
                reason: ss.valid ? nil : ss.validityNotes.joined(separator: "; "))
        } else {
            add(
                MetricName.singleStreamP90Latency, "ms", value: nil, valid: false, evidence: "",
                reason: "the workload has no completed SingleStream run")
        }
        if let offline = workload.scenarios.first(where: { $0.scenario == .offline }) {
            add(
                MetricName.offlineThroughput, "samples/s", scenario: Scenario.offline.rawValue,
                value: offline.throughputSps,
                valid: offline.valid,
                evidence: offlineEvidence(offline),
                reason: offline.valid ? nil : offline.validityNotes.joined(separator: "; "))
        }
        if let ms = workload.scenarios.first(where: { $0.scenario == .multiStream }), let estimate = ms.earlyStopping {
            let evidence =
                "\(ms.queries) queries of \(ms.samples / max(1, ms.queries)) samples over \(format(ms.durationS)) s (seed \(ms.seed)), early-stopping p99 (c=0.99, t=\(estimate.overBound))"
            add(
                MetricName.multiStreamP99Latency, "ms", scenario: Scenario.multiStream.rawValue,
                value: estimate.estimateNs.map { Double($0) / 1e6 }, valid: ms.valid && estimate.valid,
                evidence: evidence,
                reason: ms.valid ? nil : ms.validityNotes.joined(separator: "; "))
            if let budget = ms.frameBudgetMs {
                add(
                    MetricName.multiStreamDeadlineMissRatio, "percent", scenario: Scenario.multiStream.rawValue,
                    value: ms.deadlineMissPercent, valid: ms.valid,
                    evidence: "queries over the \(format(budget)) ms frame budget of the suite, out of \(ms.queries)",
                    reason: ms.valid ? nil : ms.validityNotes.joined(separator: "; "))
            } else {
                add(
                    MetricName.multiStreamDeadlineMissRatio, "percent", value: nil, valid: false, evidence: "",
                    reason: "the suite gives this workload no frame budget")
            }
        }
        if let server = workload.scenarios.first(where: { $0.scenario == .server })?.server {
            add(
                MetricName.serverMaxQps, "qps", scenario: Scenario.server.rawValue, value: server.maxQps,
                valid: server.maxQps != nil,
                evidence: server.steps.map { "\(format($0.targetQps)) qps: p99 \($0.p99Ms.map(format) ?? "n/a") ms" }
                    .joined(separator: "; "),
                reason: server.maxQps == nil ? "no tested rate met the \(format(server.latencyBoundMs)) ms bound" : nil)
        }
        if workload.audits.isEmpty {
            add(
                MetricName.auditFailures, "count", value: nil, valid: false, evidence: "",
                reason: "no integrity audits ran (the mode has none, or the workload has no SingleStream run)")
        } else {
            // A failed audit is counted; an audit that could not be judged leaves the figure absent.
            let failed = workload.audits.filter { !$0.passed && $0.inconclusive == nil }
            let open = workload.audits.filter { $0.inconclusive != nil }
            let evidence =
                (workload.audits.map { "\($0.kind.rawValue) \($0.verdictText): \($0.evidence)" }
                + (emulated ? [Self.emulatedAuditNote] : []))
                .joined(separator: "; ")
            if failed.isEmpty && !open.isEmpty {
                add(
                    MetricName.auditFailures, "count", value: nil, valid: false, evidence: evidence,
                    reason: open.map { "\($0.kind.rawValue) inconclusive: \($0.inconclusive ?? "")" }.joined(
                        separator: "; "))
            } else {
                add(MetricName.auditFailures, "count", value: Double(failed.count), valid: true, evidence: evidence)
            }
        }
        if workload.kind == .llm {
            result += GenerateMeasurements(workload: workload, energyReason: energyReason).measurements()
        }
        if let drift = singleStream?.sustained {
            add(
                MetricName.sustainedP90Drift, "percent", scenario: Scenario.singleStream.rawValue,
                value: drift.driftPercent,
                valid: drift.valid,
                evidence:
                    "p90 \(format(drift.firstP90Ms)) ms over the first \(drift.windowQueries) queries, \(format(drift.lastP90Ms)) ms over the last, of a \(format(drift.durationS)) s continuous run"
                    + (drift.busyFraction.map {
                        ", the device busy \(format($0 * 100)) % of it (the rest: the harness's gaps between requests)"
                    } ?? ""),
                reason: drift.note)
        } else {
            add(
                MetricName.sustainedP90Drift, "percent", value: nil, valid: false, evidence: "",
                reason: Self.sustainedUnavailable)
        }
        add(MetricName.energyPerInferenceMJ, "mJ", value: nil, valid: false, evidence: "", reason: energyReason)
        add(MetricName.energyPerInferenceUJ, "uJ", value: nil, valid: false, evidence: "", reason: energyReason)
        return result
    }

    private func absent(_ metric: String, unit: String, reason: String) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: metric, workloadID: nil, workloadKind: nil, scenario: nil, value: nil, unit: unit, valid: false,
            evidence: "", reason: reason)
    }

    private func energyUnavailableReason(_ record: RunRecord) -> String {
        if record.energySources.isEmpty {
            return
                "no energy meter: the device exposes no readable energy counters (powercap, hwmon, power_supply) and no external meter was given"
        }
        return
            "energy counters \(record.energySources.joined(separator: ", ")) are present, but energy windows are not implemented in this harness version"
    }

    /// Offline's evidence: one query's samples and time, or — past the agent's per-query cap — the
    /// back-to-back queries, their summed device time and how busy the device was between the
    /// first start and the last end (the harness's gaps between requests are not in the duration).
    private func offlineEvidence(_ offline: ScenarioResult) -> String {
        guard offline.queries > 1 else {
            return "\(offline.samples) samples in \(format(offline.durationS)) s (seed \(offline.seed))"
        }
        let window = Double(offline.endNs &- offline.beginNs) / 1e9
        return
            "\(offline.samples) samples in \(offline.queries) queries issued back to back, \(format(offline.durationS)) s "
            + "of device time summed over the queries (the gaps between requests not counted: busy "
            + "\(format((offline.busyFraction ?? 0) * 100)) % of the \(format(window)) s from the first start to the last end) "
            + "(seed \(offline.seed))"
    }

    private func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
