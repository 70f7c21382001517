import Conformance
import Foundation
import Harness
import Locking
import Logging
import Metering

/// Measures energy around every scenario of a run and the device's standby power at its end,
/// with external instruments (SCPI, PTDaemon) read on the harness host and on-device sources
/// sampled by the agent's own thread.
///
/// Per workload: an idle baseline when the rules ask for one; per scenario a logging window
/// opened right before the first request and closed after the last, evaluated over the
/// scenario's device-clock begin/end mapped to each meter's clock (clock probes before and after
/// the window for external meters, the same clock for on-device sources). At the end of a complete
/// session: a standby phase → `energy.standby_power`. Without a usable figure a measurement
/// carries no value and the reason; a software estimate never backs a valid figure.
public final class EnergyInstrument: RunInstrument, @unchecked Sendable {
    /// `energy` and the meters it reads, for logs and the report (`energy (no meter)` without one).
    public let name: String
    let choices: [EnergyMeterChoice]
    let rules: EnergyRules?
    let logger: Logger
    /// External drivers by meter name (built at init, identified at session start).
    let externals: [(name: String, meter: any PowerMeter)]
    let lock = Locked()
    var state = EnergyInstrumentState()

    /// Creates the instrument for `meters` (in order of preference: the first meter with a figure
    /// gives the value, the others are recorded as cross-checks) under a mode's energy `rules`.
    public init(
        meters: [EnergyMeterChoice], rules: EnergyRules?, logger: Logger,
        makeMeter: (MeterSpec, Logger) throws(MeterError) -> any PowerMeter = { spec, logger throws(MeterError) in
            try spec.makeMeter(logger: logger)
        }
    ) throws(MeterError) {
        choices = meters
        self.rules = rules
        self.logger = logger
        name = meters.isEmpty ? "energy (no meter)" : "energy " + meters.map(\.description).joined(separator: ", ")
        var externals: [(name: String, meter: any PowerMeter)] = []
        for choice in meters {
            if case .external(let spec) = choice { externals.append((spec.description, try makeMeter(spec, logger))) }
        }
        self.externals = externals
    }

    /// On-device sources asked for, with their stated accuracy.
    var deviceSources: [(name: String, accuracy: MeterAccuracy?)] {
        choices.compactMap { choice in
            if case .onDevice(let name, let accuracy) = choice { return (name, accuracy) }
            return nil
        }
    }

    /// Keeps the session's agent client (on-device sampling and clock probes go through it) and
    /// identifies every external meter; a meter that does not answer is unusable for the run, with the
    /// reason in the report, and the run goes on.
    public func sessionStarted(client: AgentClient, device: DeviceInfo?) throws(HarnessError) {
        lock.withLock { state.client = client }
        for (name, meter) in externals {
            do throws(MeterError) {
                let identity = try meter.identify()
                lock.withLock { state.identities[name] = identity }
                logger.info("energy meter \(name): \(identity.model)")
            } catch {
                lock.withLock { state.unusable[name] = "could not identify the meter: \(error)" }
                logger.error("energy meter \(name) unusable: \(error)")
            }
        }
    }

    /// Long enough for `min_samples` readings from the slowest identified meter (0 without meters).
    public var minimumWindowSeconds: Double {
        guard let rules, !choices.isEmpty else { return 0 }
        return phaseSeconds(0, minimumSamples: rules.minSamples)
    }

    /// The ranging pass: meters that fix their ranges before measuring (PTDaemon) range over the
    /// workload's quality pass, the first load of the workload, unless the lab fixed the ranges.
    public func qualityPassWillStart(workload: Workload) {
        guard rules != nil else { return }
        let unusable = lock.withLock { state.unusable }
        for (name, meter) in externals where unusable[name] == nil {
            guard let ranging = meter as? any RangingMeter else { continue }
            do throws(MeterError) {
                try ranging.startRanging(label: Self.label(workload.id, "ranging"))
                lock.withLock { state.ranging.append(name) }
            } catch {
                lock.withLock {
                    state.rangingNotes.append("\(name): the ranging pass of \(workload.id) did not start: \(error)")
                }
            }
        }
    }

    /// Closes the ranging pass: each ranging meter fixes the ranges it saw (the note says which, or
    /// why the ranges stay automatic).
    public func qualityPassDidFinish(workload: Workload) {
        let ranging = lock.withLock { () -> [String] in
            defer { state.ranging = [] }
            return state.ranging
        }
        for (name, meter) in externals where ranging.contains(name) {
            guard let meter = meter as? any RangingMeter else { continue }
            let note: String
            do throws(MeterError) {
                note =
                    "\(name): ranges fixed at \(try meter.finishRanging()) by the ranging pass over \(workload.id)'s quality pass"
            } catch {
                note = "\(name): the ranging pass over \(workload.id) failed: \(error)"
            }
            logger.info("\(note)")
            lock.withLock { state.rangingNotes.append(note) }
        }
    }

    /// A window label PTDaemon accepts: the parts joined by `_`, every character other than a
    /// letter, digit, `_` or `-` replaced by `-`.
    static func label(_ parts: String...) -> String {
        String(
            parts.joined(separator: "_").unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
                    ? Character(scalar) : "-"
            })
    }

    /// Opens the meters' window over the scenario (with the workload's idle baseline first, if it
    /// has none yet).
    public func scenarioWillStart(workload: Workload, scenario: Scenario) {
        beginWindow(workload: workload, label: Self.label(workload.id, scenario.rawValue))
    }

    /// Closes the scenario's window and keeps each meter's energy over the device-clock span the
    /// scenario ran in, mapped to the meter's clock.
    public func scenarioDidFinish(workload: Workload, result: ScenarioResult) {
        let (offset, figures, baselines) = endWindow(
            workload: workload, label: Self.label(workload.id, result.scenario.rawValue), beginNs: result.beginNs,
            endNs: result.endNs)
        lock.withLock {
            state.scenarios.append(
                ScenarioEnergy(
                    workload: workload, result: result, offset: offset, figures: figures, baselines: baselines))
        }
    }

    /// The workload's idle baseline when it is the first window of the workload, a clock probe,
    /// and every meter started.
    func beginWindow(workload: Workload, label: String) {
        guard let rules, !choices.isEmpty else { return }
        let needsBaseline = lock.withLock { state.baselineWorkload != workload.id }
        if needsBaseline {
            lock.withLock { state.baselineWorkload = workload.id }
            if rules.idleBaselineS > 0 { measureBaseline(workload: workload, rules: rules) }
        }
        let before = probe()
        let opened = openWindow(label: label)
        lock.withLock {
            state.probeBefore = before
            state.open = opened
        }
    }

    /// Stops the meters opened by ``beginWindow(workload:label:)`` and evaluates every meter's log
    /// over the device-clock window `beginNs`…`endNs`. No meter or no rules: no figures.
    func endWindow(
        workload: Workload, label: String, beginNs: UInt64, endNs: UInt64
    ) -> (
        offset: ClockOffset?, figures: [(meter: String, identity: MeterIdentity?, result: EnergyResult)],
        baselines: [String: PowerLevel]
    ) {
        guard let rules, !choices.isEmpty else { return (nil, [], [:]) }
        let opened = lock.withLock { state.open }
        let readings = closeWindow(opened, label: label)
        let after = probe()
        let offset = lock.withLock { Self.offset(before: state.probeBefore, after: after) }
        let baselines = lock.withLock { state.baselines[workload.id] ?? [:] }
        let window = { (onDevice: Bool) -> EnergyWindow? in
            guard let clock = onDevice ? ClockOffset.sameClock : offset else { return nil }
            return EnergyWindow(beginDeviceNs: Int64(beginNs), endDeviceNs: Int64(endNs), offset: clock)
        }
        var figures: [(meter: String, identity: MeterIdentity?, result: EnergyResult)] = []
        for reading in readings {
            switch reading.log {
            case .failure(let error):
                figures.append(
                    (
                        reading.meter, nil,
                        .unavailable(EnergyUnavailable(.noSamples, "meter \(reading.meter): \(error)"))
                    ))
            case .success(let log):
                guard let window = window(reading.onDevice) else {
                    figures.append(
                        (
                            reading.meter, log.identity,
                            .unavailable(
                                EnergyUnavailable(
                                    .invalidWindow,
                                    "the device clock could not be aligned with the harness host around the window"))
                        ))
                    continue
                }
                let policy = EnergyPolicy(
                    minimumSamples: rules.minSamples, maximumGapFraction: rules.maxGapFraction,
                    baseline: rules.subtractBaseline ? baselines[reading.meter] : nil)
                figures.append((reading.meter, log.identity, window.evaluate(log, policy: policy)))
                lock.withLock { state.noteLog(log, meter: reading.meter) }
            }
        }
        lock.withLock { state.open = [] }
        return (offset, figures, baselines)
    }

    /// Measures standby (IEC 62301) after a complete session when the run rules ask for it; else
    /// records why there is no standby figure.
    public func sessionEnded(client: AgentClient?, complete: Bool) {
        guard let rules, !choices.isEmpty else { return }
        lock.withLock { state.client = client }
        guard complete, client != nil else {
            lock.withLock { state.standbySkipped = "the session did not complete, so no standby phase was run" }
            return
        }
        guard rules.standbyS > 0 else {
            lock.withLock {
                state.standbySkipped = "the run rules of this mode ask for no standby phase (standby_s = 0)"
            }
            return
        }
        measureStandby(rules: rules)
    }

    /// After an outage: follows the new session (on-device sampling and clock probes go through
    /// `client`), stops and discards any window the outage left open, and drops the interrupted
    /// workload's windows and idle baseline, which are measured again on the re-run — so no energy
    /// figure mixes two sessions. External meters keep their identity and ranges.
    public func sessionResumed(client: AgentClient, rerunning workload: Workload) throws(HarnessError) {
        let opened = lock.withLock { () -> [String] in
            defer { state.open = [] }
            state.client = client
            return state.open
        }
        for (name, meter) in externals where opened.contains(name) { _ = try? meter.stop() }
        lock.withLock {
            let dropped =
                state.scenarios.filter { $0.workload.id == workload.id }.count
                + state.generations.filter { $0.workload.id == workload.id }.count
            state.scenarios.removeAll { $0.workload.id == workload.id }
            state.generations.removeAll { $0.workload.id == workload.id }
            state.baselines[workload.id] = nil
            state.baselineWorkload = nil
            state.outageNotes.append(
                "\(workload.id): an outage interrupted the workload; its \(dropped) finished window(s), its idle baseline"
                    + (opened.isEmpty ? "" : " and the open window")
                    + " were dropped and measured again on the new session")
        }
    }

    /// The energy figures of the run (per inference, per 1000 tokens, samples per joule, standby,
    /// AI standby increment), each absent with its reason when no meter gave it.
    public func measurements() -> [Conformance.Measurement] {
        lock.withLock { buildMeasurements() }
    }

    /// The report's entry for the meters: identities, accuracy, windows, readings, dropouts and notes.
    public func report() -> InstrumentReport {
        lock.withLock { buildReport() }
    }
}
