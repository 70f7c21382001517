import Conformance
import Foundation
import Harness
import Metering

extension EnergyInstrument {
    /// Why the AI standby increment is absent when the suite drives no always-on feature.
    public static let aiIncrementUnavailable =
        "no always-on AI feature is declared and driven: the suite needs a workload with the always-on scenario and its always_on_period_ms"

    /// Every measurement; called under the lock.
    func buildMeasurements() -> [Conformance.Measurement] {
        var result: [Conformance.Measurement] = []
        var workloads: [Workload] = []
        for scenario in state.scenarios where !workloads.contains(where: { $0.id == scenario.workload.id }) {
            workloads.append(scenario.workload)
        }
        for workload in workloads {
            let windows = state.scenarios.filter { $0.workload.id == workload.id }
            let perInference =
                windows.first { $0.result.scenario == .singleStream }
                ?? windows.first { $0.result.scenario == .offline }
            if let window = perInference {
                result += perInferenceMeasurements(window)
            }
            if let offline = windows.first(where: { $0.result.scenario == .offline }) {
                result.append(samplesPerJoule(offline))
            }
        }
        for generation in state.generations where generation.workload.kind == .llm {
            result.append(llmMeasurement(generation))
        }
        result.append(standbyMeasurement())
        result.append(aiIncrementMeasurement())
        return result
    }

    /// ENG-02: mean power while the always-on feature runs at its duty cycle, minus plain standby;
    /// the uncertainties combine in quadrature.
    private func aiIncrementMeasurement() -> Conformance.Measurement {
        let metric = MetricName.energyAIStandbyIncrement
        if let reason = noMeterReason() { return Self.absent(metric, "W", workload: nil, reason: reason) }
        guard let window = state.scenarios.first(where: { $0.result.scenario == .alwaysOn }) else {
            return Self.absent(metric, "W", workload: nil, reason: Self.aiIncrementUnavailable)
        }
        guard let on = pick(window) else {
            return Self.absent(
                metric, "W", workload: nil,
                reason: "no meter gave a figure for the always-on window: \(outcomes(window))")
        }
        guard let standby = state.standby.first(where: { $0.result.measurement != nil })?.result.measurement else {
            return Self.absent(
                metric, "W", workload: nil,
                reason: state.standbySkipped ?? "no plain standby figure to subtract the always-on power from")
        }
        let onWatts = on.measurement.averagePowerWatts
        let onUncertainty = on.measurement.uncertaintyJoules / max(on.measurement.durationSeconds, 1e-9)
        let increment = onWatts - standby.meanWatts
        let uncertainty = (onUncertainty * onUncertainty + standby.uncertaintyWatts * standby.uncertaintyWatts)
            .squareRoot()
        var reasons: [String] = []
        if !on.measurement.qualifying || !standby.qualifying {
            reasons.append("a reading is non-qualifying (software estimate)")
        }
        if !standby.stable { reasons.append("the plain standby power was not stable (IEC 62301 regression)") }
        let period = window.workload.alwaysOnPeriodMs.map { Self.format($0) } ?? "?"
        let evidence =
            "meter \(on.meter): \(Self.format(onWatts)) W ± \(Self.format(onUncertainty)) W with \(window.workload.id) "
            + "running every \(period) ms for \(Self.format(on.measurement.durationSeconds)) s, minus standby "
            + "\(Self.format(standby.meanWatts)) W ± \(Self.format(standby.uncertaintyWatts)) W: "
            + "\(Self.format(increment)) W ± \(Self.format(uncertainty)) W"
        return Conformance.Measurement(
            metric: metric, workloadID: nil, workloadKind: nil, scenario: Scenario.alwaysOn.rawValue, value: increment,
            unit: "W",
            valid: reasons.isEmpty, evidence: evidence, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "),
            uncertainty: uncertainty,
            uncertaintyMissing: Self.uncertaintyMissing(
                on.measurement.uncertaintyIncomplete ?? state.standbyUncertaintyMissing.values.first, on.identity))
    }

    func noMeterReason() -> String? {
        if choices.isEmpty { return "no energy meter was given (--meter scpi://…, ptd://… or device:NAME)" }
        if rules == nil { return "the run rules of this mode have no energy section, so no window was measured" }
        return nil
    }

    /// The figure of the first meter with one, and every meter's outcome for the evidence.
    private func pick(
        _ window: ScenarioEnergy
    ) -> (meter: String, identity: MeterIdentity, measurement: EnergyMeasurement)? {
        for figure in window.figures {
            if let measurement = figure.result.measurement, let identity = figure.identity {
                return (figure.meter, identity, measurement)
            }
        }
        return nil
    }

    private func outcomes(_ window: ScenarioEnergy) -> String { Self.outcomes(window.figures) }

    /// Every meter's outcome of one window, for the evidence.
    static func outcomes(_ figures: [(meter: String, identity: MeterIdentity?, result: EnergyResult)]) -> String {
        figures.map { figure in
            switch figure.result {
            case .measured(let m):
                return
                    "\(figure.meter): \(Self.format(m.energyJoules)) J ± \(Self.format(m.uncertaintyJoules)) J, \(m.sampleCount) readings"
            case .unavailable(let reason): return "\(figure.meter): \(reason)"
            }
        }.joined(separator: "; ")
    }

    private func perInferenceMeasurements(_ window: ScenarioEnergy) -> [Conformance.Measurement] {
        let scenario = window.result.scenario
        let count = scenario == .singleStream ? window.result.queries : window.result.samples
        let unitName = scenario == .singleStream ? "query" : "sample"
        guard let (meter, identity, m) = pick(window) else {
            let reason =
                noMeterReason()
                ?? "no meter gave an energy figure for the \(scenario.rawValue) window: \(outcomes(window))"
            return [
                Self.absent(
                    MetricName.energyPerInferenceMJ, "mJ", workload: window.workload, scenario: scenario, reason: reason
                ),
                Self.absent(
                    MetricName.energyPerInferenceUJ, "uJ", workload: window.workload, scenario: scenario, reason: reason
                ),
            ]
        }
        var evidence =
            "meter \(meter) (\(identity.model), \(identity.kind.rawValue)): \(m.sampleCount) readings strictly inside the \(scenario.rawValue) window of \(Self.format(m.durationSeconds)) s"
        evidence +=
            "; \(Self.format(m.energyJoules)) J ± \(Self.format(m.uncertaintyJoules)) J (average \(Self.format(m.averagePowerWatts)) W) over \(count) \(unitName)s"
        if let baseline = m.baseline {
            evidence += "; idle baseline \(Self.format(baseline.watts)) W subtracted"
        } else if let idle = window.baselines[meter] {
            evidence += "; idle baseline \(Self.format(idle.watts)) W (not subtracted)"
        }
        evidence +=
            "; clock ± \(Self.format(m.clockUncertaintySeconds * 1000)) ms, largest gap \(Self.format(m.largestGapFraction * 100)) %"
        evidence += Self.instrumentEvidence(m)
        if window.figures.count > 1 { evidence += "; all meters: \(outcomes(window))" }
        var reasons: [String] = []
        if !m.qualifying { reasons.append("\(meter) is a software estimate, not a measurement (non-qualifying)") }
        if !window.result.valid {
            reasons.append(
                "the \(scenario.rawValue) run broke a run rule: \(window.result.validityNotes.joined(separator: "; "))")
        }
        let valid = reasons.isEmpty
        let reason = valid ? nil : reasons.joined(separator: "; ")
        func make(
            _ metric: String, _ unit: String, _ value: Double?, _ perUncertainty: Double
        ) -> Conformance.Measurement {
            Conformance.Measurement(
                metric: metric, workloadID: window.workload.id, workloadKind: window.workload.kind,
                scenario: scenario.rawValue, value: value, unit: unit, valid: valid,
                evidence: evidence + "; ± \(Self.format(perUncertainty)) \(unit) per \(unitName)", reason: reason,
                uncertainty: perUncertainty,
                uncertaintyMissing: Self.uncertaintyMissing(m.uncertaintyIncomplete, identity))
        }
        let perJoules = m.uncertaintyJoules / Double(max(count, 1))
        return [
            make(MetricName.energyPerInferenceMJ, "mJ", m.millijoulesPerInference(queries: count), perJoules * 1e3),
            make(MetricName.energyPerInferenceUJ, "uJ", m.microjoulesPerInference(inferences: count), perJoules * 1e6),
        ]
    }

    private func samplesPerJoule(_ window: ScenarioEnergy) -> Conformance.Measurement {
        guard let (meter, identity, m) = pick(window), let value = m.samplesPerJoule(samples: window.result.samples)
        else {
            return Self.absent(
                MetricName.energySamplesPerJoule, "samples/J", workload: window.workload, scenario: .offline,
                reason: noMeterReason() ?? "no meter gave an energy figure for the offline window: \(outcomes(window))")
        }
        let valid = m.qualifying && window.result.valid
        return Conformance.Measurement(
            metric: MetricName.energySamplesPerJoule, workloadID: window.workload.id,
            workloadKind: window.workload.kind, scenario: Scenario.offline.rawValue, value: value,
            unit: "samples/J", valid: valid,
            evidence:
                "meter \(meter): \(window.result.samples) samples, \(Self.format(m.energyJoules)) J ± \(Self.format(m.uncertaintyJoules)) J"
                + Self.instrumentEvidence(m),
            reason: valid
                ? nil : (m.qualifying ? "the offline run broke a run rule" : "software estimate (non-qualifying)"),
            uncertainty: value * m.relativeUncertainty,
            uncertaintyMissing: Self.uncertaintyMissing(m.uncertaintyIncomplete, identity))
    }

    private func standbyMeasurement() -> Conformance.Measurement {
        if let reason = noMeterReason() {
            return Self.absent(MetricName.energyStandbyPower, "W", workload: nil, reason: reason)
        }
        if let skipped = state.standbySkipped {
            return Self.absent(MetricName.energyStandbyPower, "W", workload: nil, reason: skipped)
        }
        let all = state.standby.map { entry -> String in
            switch entry.result {
            case .measured(let s):
                return "\(entry.meter): \(Self.format(s.meanWatts)) W ± \(Self.format(s.uncertaintyWatts)) W"
            case .unavailable(let reason): return "\(entry.meter): \(reason)"
            }
        }.joined(separator: "; ")
        guard let entry = state.standby.first(where: { $0.result.measurement != nil }),
            let s = entry.result.measurement,
            let identity = entry.identity
        else {
            return Self.absent(
                MetricName.energyStandbyPower, "W", workload: nil, reason: "no meter gave a standby figure: \(all)")
        }
        var reasons: [String] = []
        if !s.stable {
            reasons.append("readings not stable (IEC 62301 regression): slope \(Self.format(s.slopeWattsPerHour)) W/h")
        }
        if !s.qualifying { reasons.append("\(entry.meter) is a software estimate (non-qualifying)") }
        let evidence =
            "meter \(entry.meter) (\(identity.model), \(identity.kind.rawValue)): \(s.sampleCount) readings over \(Self.format(s.durationSeconds)) s of device idle after the run (agent connected, models erased); mean \(Self.format(s.meanWatts)) W ± \(Self.format(s.uncertaintyWatts)) W, slope \(Self.format(s.slopeWattsPerHour)) W/h; the lab puts the device in its standby mode for this phase"
            + (state.standby.count > 1 ? "; all meters: \(all)" : "")
        return Conformance.Measurement(
            metric: MetricName.energyStandbyPower, value: s.meanWatts, unit: "W", valid: reasons.isEmpty,
            evidence: evidence,
            reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "), uncertainty: s.uncertaintyWatts,
            uncertaintyMissing: Self.uncertaintyMissing(
                state.standbyUncertaintyMissing[entry.meter] ?? identity.accuracy.missingTerm, identity))
    }

    /// What the report records: each meter's identity and stated accuracy, windows and dropouts.
    func buildReport() -> InstrumentReport {
        var identity: [String: String] = [:]
        var uncertainty: [String] = []
        var meters: [MeterSection] = []
        for choice in choices {
            let name = choice.description
            let kind: MeterKind = if case .onDevice = choice { .onDevice } else { .external }
            if let id = state.identities[name]
                ?? state.scenarios.lazy.compactMap({ $0.figures.first { $0.meter == name }?.identity }).first
            {
                identity[name] =
                    "\(id.model); \(id.kind.rawValue); \(Self.format(id.sampleRateHz)) readings/s; resolution \(id.resolution)"
                let stated =
                    "±(\(Self.format(id.accuracy.fractionOfReading * 100)) % of reading + \(Self.format(id.accuracy.floorWatts)) W"
                    + (id.accuracy.fractionOfRange.map { " + \(Self.format($0 * 100)) % of the range in use" } ?? "")
                    + (id.accuracy.powerFactorFraction.map {
                        " + P·tanφ·\(Self.format($0 * 100)) %"
                            + (id.accuracy.powerFactor.map { " at λ = \(Self.format($0))" } ?? ", λ not stated")
                    } ?? "") + ")"
                    + (id.kind == .onDevice && id.accuracy == MeterAccuracy(fractionOfReading: 0, floorWatts: 0)
                        ? " — not stated by the device; figures carry resolution, sampling and clock terms only" : "")
                    + (id.intervalAverageSeconds != nil
                        ? "; per window the daemon's own Uncertainty replaces it when stated" : "")
                uncertainty.append("\(name): \(stated)")
                meters.append(MeterSection(name: name, kind: id.kind.rawValue, uncertainty: stated, model: id.model))
            } else {
                let why = state.unusable[name] ?? "not identified"
                identity[name] = why
                meters.append(
                    MeterSection(
                        name: name, kind: kind.rawValue, uncertainty: "none: the meter gave no reading", unusable: why))
            }
        }
        var notes: [String] = []
        for (meter, reason) in state.unusable.sorted(by: { $0.key < $1.key }) {
            notes.append("\(meter) unusable: \(reason)")
        }
        for choice in choices {
            let name = choice.description
            notes.append(
                "\(name): \(state.windows[name] ?? 0) windows, \(state.readings[name] ?? 0) readings, \(state.dropouts[name]?.count ?? 0) dropouts, \(state.reconnects[name] ?? 0) reconnects"
            )
        }
        for scenario in state.scenarios {
            let clock =
                scenario.offset.map {
                    "device − host \(Self.format($0.deviceMinusHostNs / 1e6)) ms ± \(Self.format($0.uncertaintyNs / 1e6)) ms"
                } ?? "clock not aligned"
            notes.append(
                "window \(scenario.workload.id)/\(scenario.result.scenario.rawValue): device \(scenario.result.beginNs)…\(scenario.result.endNs) ns, \(clock); \(outcomes(scenario))"
            )
        }
        for generation in state.generations {
            let clock =
                generation.offset.map {
                    "device − host \(Self.format($0.deviceMinusHostNs / 1e6)) ms ± \(Self.format($0.uncertaintyNs / 1e6)) ms"
                } ?? "clock not aligned"
            notes.append(
                "window \(generation.workload.id)/generate: device \(generation.window.beginNs)…\(generation.window.endNs) ns, \(generation.window.tokens) tokens, \(clock); \(Self.outcomes(generation.figures))"
            )
        }
        notes += state.baselineNotes
        for (meter, dropouts) in state.dropouts.sorted(by: { $0.key < $1.key }) {
            notes += dropouts.prefix(20).map { "dropout \(meter) \($0)" }
            if dropouts.count > 20 { notes.append("dropout \(meter): \(dropouts.count - 20) more") }
        }
        if let skipped = state.standbySkipped { notes.append("standby: \(skipped)") }
        notes += state.rangingNotes
        notes += state.outageNotes
        for (meter, errors) in state.markedErrors.sorted(by: { $0.key < $1.key })
        where errors + (state.markedMissed[meter] ?? 0) > 0 {
            notes.append(
                "\(meter): \(errors) samples marked error (−1) and \(state.markedMissed[meter] ?? 0) marked missed (−2) by the instrument, left as gaps"
            )
        }
        return InstrumentReport(
            name: name, kind: "energy-meter", identity: identity,
            uncertainty: uncertainty.isEmpty ? nil : uncertainty.joined(separator: "; "), notes: notes, meters: meters)
    }

    static func absent(
        _ metric: String, _ unit: String, workload: Workload?, scenario: Scenario? = nil, reason: String
    ) -> Conformance.Measurement {
        Conformance.Measurement(
            metric: metric, workloadID: workload?.id, workloadKind: workload?.kind,
            scenario: scenario?.rawValue, value: nil, unit: unit, valid: false, evidence: "", reason: reason)
    }

    static func format(_ value: Double) -> String { String(format: "%.4g", value) }

    /// Why a figure's uncertainty is not a complete statement: what the instrument left out, or an
    /// on-device sensor whose maker states no accuracy (its figure then carries only resolution,
    /// sampling and clock terms, which a guard band must not take for the whole uncertainty).
    static func uncertaintyMissing(_ instrument: String?, _ identity: MeterIdentity) -> String? {
        if let instrument { return instrument }
        if identity.kind == .onDevice && identity.accuracy == MeterAccuracy(fractionOfReading: 0, floorWatts: 0) {
            return
                "the accuracy of on-device source \(identity.name) is not stated (give device:NAME?accuracy=F&floor_w=W from the maker's data)"
        }
        return nil
    }

    /// What the instrument said about the window, for the evidence: its own uncertainty and
    /// ranges, the samples it marked (gaps, never power), and why the uncertainty is incomplete.
    static func instrumentEvidence(_ m: EnergyMeasurement) -> String {
        var text = ""
        if let statement = m.statement {
            if let fraction = statement.uncertaintyFraction {
                text +=
                    "; instrument's own uncertainty ±\(format(fraction * 100)) % of reading (largest \(format((statement.maximumUncertaintyFraction ?? fraction) * 100)) %)"
            }
            text += "; ranges " + (statement.ranges ?? "automatic")
            if statement.errorSamples + statement.missedSamples > 0 {
                text +=
                    "; \(statement.errorSamples) samples marked error (−1) and \(statement.missedSamples) missed (−2), left as gaps"
            }
            if statement.channels > 0 { text += "; sum of \(statement.channels) channels" }
            if let clock = statement.clock { text += "; \(clock)" }
        }
        if let missing = m.uncertaintyIncomplete { text += "; uncertainty incomplete: \(missing)" }
        return text
    }
}
