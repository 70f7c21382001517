import Conformance
import Harness
import Metering

extension EnergyInstrument: GenerationObserver {
    /// Opens the meters' window over an LLM generation (with the workload's idle baseline first, if
    /// it has none yet).
    public func generationWillStart(workload: Workload) {
        beginWindow(workload: workload, label: Self.label(workload.id, "generate"))
    }

    /// Closes the generation's window and keeps each meter's energy over the device-clock span the
    /// generation ran in, for `energy.llm_per_1000_tokens`.
    public func generationDidFinish(workload: Workload, window: GenerationWindow) {
        let (offset, figures, baselines) = endWindow(
            workload: workload, label: Self.label(workload.id, "generate"), beginNs: window.beginNs, endNs: window.endNs
        )
        lock.withLock {
            state.generations.append(
                GenerationEnergy(
                    workload: workload, window: window, offset: offset, figures: figures, baselines: baselines))
        }
    }

    /// `energy.llm_per_1000_tokens` of one generation window: the first meter's energy over the
    /// window ÷ generated tokens × 1000; absent with the reason when no meter gave a figure.
    func llmMeasurement(_ generation: GenerationEnergy) -> Conformance.Measurement {
        let workload = generation.workload
        let window = generation.window
        let figure = generation.figures.lazy.compactMap { figure -> (String, MeterIdentity, EnergyMeasurement)? in
            guard let m = figure.result.measurement, let identity = figure.identity else { return nil }
            return (figure.meter, identity, m)
        }.first
        let outcomes = Self.outcomes(generation.figures)
        guard let (meter, identity, m) = figure, let value = m.joulesPerThousandTokens(tokens: window.tokens) else {
            let reason =
                noMeterReason()
                ?? (window.tokens == 0
                    ? "no token was generated in the timed window"
                    : "no meter gave an energy figure for the generation window: \(outcomes)")
            return Self.absent(MetricName.energyLLMPer1000Tokens, "J", workload: workload, reason: reason)
        }
        let perThousand = m.uncertaintyJoules * 1000 / Double(window.tokens)
        var evidence =
            "meter \(meter) (\(identity.model), \(identity.kind.rawValue)): \(m.sampleCount) readings strictly inside the timed generations' window of \(Self.format(m.durationSeconds)) s"
        evidence +=
            "; \(Self.format(m.energyJoules)) J ± \(Self.format(m.uncertaintyJoules)) J (average \(Self.format(m.averagePowerWatts)) W) over \(window.tokens) tokens in \(window.generations) generations"
        if let baseline = m.baseline {
            evidence += "; idle baseline \(Self.format(baseline.watts)) W subtracted"
        } else if let idle = generation.baselines[meter] {
            evidence += "; idle baseline \(Self.format(idle.watts)) W (not subtracted)"
        }
        evidence +=
            "; clock ± \(Self.format(m.clockUncertaintySeconds * 1000)) ms, largest gap \(Self.format(m.largestGapFraction * 100)) %"
        evidence += "; ± \(Self.format(perThousand)) J per 1000 tokens" + Self.instrumentEvidence(m)
        if generation.figures.count > 1 { evidence += "; all meters: \(outcomes)" }
        var reasons: [String] = []
        if !m.qualifying { reasons.append("\(meter) is a software estimate, not a measurement (non-qualifying)") }
        if !window.valid {
            reasons.append("the generation broke a run rule: \(window.validityNotes.joined(separator: "; "))")
        }
        return Conformance.Measurement(
            metric: MetricName.energyLLMPer1000Tokens, workloadID: workload.id, workloadKind: workload.kind,
            scenario: nil, value: value, unit: "J", valid: reasons.isEmpty, evidence: evidence,
            reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), uncertainty: perThousand,
            uncertaintyMissing: Self.uncertaintyMissing(m.uncertaintyIncomplete, identity))
    }
}
