import Conformance
import Foundation

/// The LLM figures of one workload (LAT-03, ENG-05): TTFT p90 in seconds (early-stopping estimate
/// over the timed generations) and decode tokens per second (decode steps over their summed device
/// time). Absent, with the reason, when the generation did not run or was too short.
struct GenerateMeasurements {
    let workload: WorkloadRecord
    let energyReason: String

    func measurements() -> [Conformance.Measurement] {
        guard let result = workload.generation else {
            let reason = "the generation run did not complete"
            return [
                make(MetricName.llmTtftP90, "s", nil, false, "", reason),
                make(MetricName.llmDecodeRate, "tokens/s", nil, false, "", reason),
                make(MetricName.energyLLMPer1000Tokens, "J", nil, false, "", energyReason),
            ]
        }
        let notes = result.validityNotes.joined(separator: "; ")
        let common =
            "\(result.timed.count) timed generations of \(result.newTokens) tokens after \(result.promptLength)-token prompts "
            + String(format: "over %.1f s of device time (seed %llu)", result.durationS, result.seed)
        var ttftEvidence = common
        if let summary = result.ttftSummary {
            ttftEvidence += String(
                format: ", exact TTFT p50 %.4g s, p90 %.4g s", summary.p50Ms / 1e3, summary.p90Ms / 1e3)
        }
        ttftEvidence += ", early-stopping p90 estimate (c=0.99, t=\(result.ttft.overBound))"
        let ttftReason =
            result.ttftP90Seconds == nil
            ? "\(result.timed.count) generations are too few for an early-stopping p90 (\(result.ttft.queriesNeeded) more needed)"
            : (result.valid ? nil : notes)
        var rateEvidence = common + ", \(result.timed.count * (result.newTokens - 1)) decode steps"
        if let steps = result.stepSummary {
            rateEvidence += String(format: ", step p50 %.4g ms, p90 %.4g ms", steps.p50Ms, steps.p90Ms)
        }
        let rateReason =
            result.decodeTokensPerSecond == nil
            ? "no decode step was timed (new_tokens is 1)" : (result.valid ? nil : notes)
        return [
            make(
                MetricName.llmTtftP90, "s", result.ttftP90Seconds, result.valid && result.ttft.valid, ttftEvidence,
                ttftReason),
            make(
                MetricName.llmDecodeRate, "tokens/s", result.decodeTokensPerSecond, result.valid, rateEvidence,
                rateReason),
            make(MetricName.energyLLMPer1000Tokens, "J", nil, false, "", energyReason),
        ]
    }

    private func make(
        _ metric: String, _ unit: String, _ value: Double?, _ valid: Bool, _ evidence: String, _ reason: String?
    ) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: metric, workloadID: workload.id, workloadKind: workload.kind, scenario: nil,
            value: value, unit: unit, valid: valid, evidence: evidence, reason: reason)
    }
}
