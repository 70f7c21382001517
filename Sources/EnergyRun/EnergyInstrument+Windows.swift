import Foundation
import Harness
import Metering

extension EnergyInstrument {
    /// The marker for the agent's sampler in the list of open meters.
    static let deviceSampler = "device"

    /// Starts every usable meter; returns which were started.
    func openWindow(label: String) -> [String] {
        var opened: [String] = []
        let unusable = lock.withLock { state.unusable }
        for (name, meter) in externals where unusable[name] == nil {
            do throws(MeterError) {
                try meter.start(label: label)
                opened.append(name)
            } catch {
                logger.error("energy meter \(name) did not start for \(label): \(error)")
                lock.withLock { state.dropouts[name, default: []].append("\(label): could not start: \(error)") }
            }
        }
        if !deviceSources.isEmpty, let client = lock.withLock({ state.client }), let rules {
            do {
                try DeviceEnergySampler(client: client).start(hz: rules.deviceSampleHz)
                opened.append(Self.deviceSampler)
            } catch {
                lock.withLock {
                    state.dropouts[Self.deviceSampler, default: []].append("\(label): could not start: \(error)")
                }
                logger.error("on-device energy sampling did not start for \(label): \(error)")
            }
        }
        return opened
    }

    /// Stops the meters in `opened` and returns one reading per meter asked for, in order.
    func closeWindow(_ opened: [String], label: String) -> [MeterReading] {
        var logs: [String: Result<MeterLog, MeterError>] = [:]
        for (name, meter) in externals where opened.contains(name) {
            logs[name] = Result { () throws(MeterError) -> MeterLog in try meter.stop() }
        }
        var capture: Result<DeviceEnergyCapture, MeterError> = .failure(
            MeterError(.invalidState, "on-device sampling did not start"))
        if opened.contains(Self.deviceSampler), let client = lock.withLock({ state.client }) {
            do {
                capture = .success(try DeviceEnergySampler(client: client).stop())
            } catch {
                capture = .failure(MeterError(.connectionLost, "on-device sampling: \(error)"))
            }
        }
        let unusable = lock.withLock { state.unusable }
        return choices.map { choice in
            switch choice {
            case .external(let spec):
                let name = spec.description
                let log =
                    logs[name]
                    ?? .failure(MeterError(.invalidState, unusable[name] ?? "the meter did not start for \(label)"))
                return MeterReading(meter: name, onDevice: false, log: log)
            case .onDevice(let source, let accuracy):
                let log = capture.flatMap { capture -> Result<MeterLog, MeterError> in
                    guard let log = capture.log(source: source, label: label, accuracy: accuracy) else {
                        let known = capture.sources.map(\.name).joined(separator: ", ")
                        return .failure(
                            MeterError(
                                .invalidSpec,
                                "the agent reported no source named '\(source)' (it has: \(known.isEmpty ? "none" : known))"
                            ))
                    }
                    return .success(log)
                }
                return MeterReading(meter: choice.description, onDevice: true, log: log)
            }
        }
    }

    /// One clock-probe burst through the session's client, nil when there is none or it failed.
    func probe() -> [ClockSample]? {
        guard let client = lock.withLock({ state.client }) else { return nil }
        return try? ClockProbe().burst(client)
    }

    /// Device minus host around a window: the mean of the two bursts' best offsets; uncertainty
    /// the larger half round trip, or half the change between the bursts if that is larger.
    static func offset(before: [ClockSample]?, after: [ClockSample]?) -> ClockOffset? {
        guard let before, let after, let alignment = ClockAlignment(start: before, end: after),
            let end = alignment.endOffsetNs
        else { return nil }
        let change = abs(end - alignment.startOffsetNs)
        return ClockOffset(
            deviceMinusHostNs: (alignment.startOffsetNs + end) / 2,
            uncertaintyNs: max(alignment.uncertaintyNs, change / 2))
    }

    /// Idle readings of every meter for `seconds` (lengthened so the slowest meter gives
    /// `minimumSamples` readings), as power samples stamped inside the phase: a reading stamped
    /// outside it (a meter clock hours off) is left out and counted, never averaged in.
    func idlePhase(
        label: String, seconds asked: Double, minimumSamples: Int
    ) -> [(
        meter: String, identity: MeterIdentity?, readings: Result<[MeterSample], MeterError>,
        statement: InstrumentStatement?
    )] {
        let seconds = phaseSeconds(asked, minimumSamples: minimumSamples)
        if seconds > asked {
            lock.withLock {
                state.baselineNotes.append(
                    String(
                        format: "%@: %.3g s instead of %.3g s so the slowest meter gives %d readings", label, seconds,
                        asked, minimumSamples))
            }
        }
        let opened = openWindow(label: label)
        Thread.sleep(forTimeInterval: seconds)
        return closeWindow(opened, label: label).map { reading in
            let identity = (try? reading.log.get()).map { $0.identity.stating($0.statement) }
            let statement = try? reading.log.get().statement
            let samples = reading.log.flatMap { log -> Result<[MeterSample], MeterError> in
                lock.withLock { state.noteLog(log, meter: reading.meter) }
                let all = PowerReadings.watts(log.samples, counterRangeJoules: log.identity.counterRangeJoules)
                let inside = all.filter { $0.timeNs >= log.startNs && $0.timeNs <= log.stopNs }
                guard inside.count == all.count else {
                    let note =
                        "\(label), \(reading.meter): \(all.count - inside.count) of \(all.count) readings stamped outside the phase were left out (check the meter host's clock)"
                    lock.withLock { state.baselineNotes.append(note) }
                    if inside.isEmpty { return .failure(MeterError(.invalidState, note)) }
                    return .success(inside)
                }
                return .success(all)
            }
            return (reading.meter, identity, samples, statement ?? nil)
        }
    }

    /// `asked`, or long enough for `minimumSamples` readings (plus one) from the slowest meter.
    func phaseSeconds(_ asked: Double, minimumSamples: Int) -> Double {
        let identities = lock.withLock { Array(state.identities.values) }
        var slowest = identities.map { 1 / max($0.sampleRateHz, 1e-9) }.max() ?? 0
        if !deviceSources.isEmpty, let rules { slowest = max(slowest, 1 / Double(max(rules.deviceSampleHz, 1))) }
        return max(asked, Double(minimumSamples + 1) * slowest)
    }

    /// The idle baseline of `workload`: mean power per meter (IEC-style mean and uncertainty).
    func measureBaseline(workload: Workload, rules: EnergyRules) {
        var levels: [String: PowerLevel] = [:]
        var notes: [String] = []
        for phase in idlePhase(
            label: Self.label(workload.id, "idle-baseline"), seconds: rules.idleBaselineS,
            minimumSamples: rules.minSamples)
        {
            switch phase.readings {
            case .failure(let error):
                notes.append("\(workload.id) idle baseline, \(phase.meter): \(error)")
            case .success(let samples):
                guard let identity = phase.identity else { continue }
                let limit = StabilityLimit(
                    relativePerHour: rules.stabilityRelativePerHour,
                    absoluteWattsPerHour: rules.stabilityAbsoluteWattsPerHour)
                switch StandbyAnalysis.evaluate(
                    samples, identity: identity, minimumSamples: rules.minSamples, limit: limit)
                {
                case .measured(let level):
                    levels[phase.meter] = PowerLevel(watts: level.meanWatts, uncertaintyWatts: level.uncertaintyWatts)
                    notes.append(
                        String(
                            format: "%@ idle baseline, %@: %.4g W ± %.2g W over %.3g s (%d readings)", workload.id,
                            phase.meter, level.meanWatts, level.uncertaintyWatts, level.durationSeconds,
                            level.sampleCount))
                case .unavailable(let reason):
                    notes.append("\(workload.id) idle baseline, \(phase.meter): \(reason)")
                }
            }
        }
        lock.withLock {
            state.baselines[workload.id] = levels
            state.baselineNotes += notes
        }
    }

    /// The standby phase at the end of the session.
    func measureStandby(rules: EnergyRules) {
        let limit = StabilityLimit(
            relativePerHour: rules.stabilityRelativePerHour, absoluteWattsPerHour: rules.stabilityAbsoluteWattsPerHour)
        var results: [(meter: String, identity: MeterIdentity?, result: StandbyResult)] = []
        for phase in idlePhase(label: "standby", seconds: rules.standbyS, minimumSamples: rules.standbyMinSamples) {
            switch phase.readings {
            case .failure(let error):
                results.append(
                    (phase.meter, nil, .unavailable(EnergyUnavailable(.noSamples, "meter \(phase.meter): \(error)"))))
            case .success(let samples):
                guard let identity = phase.identity else { continue }
                results.append(
                    (
                        phase.meter, identity,
                        StandbyAnalysis.evaluate(
                            samples, identity: identity, minimumSamples: rules.standbyMinSamples, limit: limit)
                    ))
                if let missing = phase.statement?.uncertaintyMissing {
                    lock.withLock { state.standbyUncertaintyMissing[phase.meter] = missing }
                }
            }
        }
        lock.withLock { state.standby = results }
    }
}
