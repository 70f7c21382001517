/// A measured run's begin and end on the device clock, and how that clock maps to the meter's.
///
/// ``evaluate(_:policy:)`` keeps only samples strictly inside the window, integrates them, and
/// returns the energy with its uncertainty, or why there is none.
public struct EnergyWindow: Codable, Sendable, Equatable {
    /// The run's first issue, device CLOCK_MONOTONIC ns.
    public let beginDeviceNs: Int64
    /// The run's last completion, device CLOCK_MONOTONIC ns.
    public let endDeviceNs: Int64
    /// Device minus meter host.
    public let offset: ClockOffset

    /// Creates a window.
    public init(beginDeviceNs: Int64, endDeviceNs: Int64, offset: ClockOffset) {
        self.beginDeviceNs = beginDeviceNs
        self.endDeviceNs = endDeviceNs
        self.offset = offset
    }

    /// The window's length in seconds.
    public var durationSeconds: Double { Double(endDeviceNs - beginDeviceNs) / 1e9 }

    /// The energy a meter log shows for this window.
    public func evaluate(_ log: MeterLog, policy: EnergyPolicy) -> EnergyResult {
        evaluate(
            log.samples, identity: log.identity, policy: policy, statement: log.statement,
            stampUncertaintyNs: log.stampUncertaintyNs)
    }

    /// The energy `samples` (meter host clock) show for this window. Readings that are interval
    /// averages (``MeterIdentity/intervalAverageSeconds``) each cover the interval they close and
    /// are weighted by its overlap with the window; instantaneous readings are integrated by the
    /// trapezoid rule. The instrument's own uncertainty (`statement`) replaces the stated accuracy
    /// when it gives one; `stampUncertaintyNs` (the meter's stamps mapped onto this host) adds to
    /// the clock term.
    public func evaluate(
        _ samples: [MeterSample], identity: MeterIdentity, policy: EnergyPolicy, statement: InstrumentStatement? = nil,
        stampUncertaintyNs: Double = 0
    ) -> EnergyResult {
        guard endDeviceNs > beginDeviceNs else {
            return .unavailable(
                EnergyUnavailable(
                    .invalidWindow, "the run's end \(endDeviceNs) ns is not after its begin \(beginDeviceNs) ns"))
        }
        let begin = offset.hostTime(ofDeviceNs: beginDeviceNs)
        let end = offset.hostTime(ofDeviceNs: endDeviceNs)
        if let interval = identity.intervalAverageSeconds, interval > 0 {
            return intervalAverages(
                samples, intervalNs: interval * 1e9, begin: begin, end: end, identity: identity, policy: policy,
                statement: statement, stampUncertaintyNs: stampUncertaintyNs)
        }
        let inside = WindowSamples.inside(samples, begin: begin, end: end)
        let counters = inside.allSatisfy { $0.joules != nil } && inside.count >= 2
        let used = counters ? inside : inside.filter { $0.watts?.isFinite == true }
        guard !used.isEmpty else {
            return .unavailable(
                EnergyUnavailable(
                    .noSamples, "no usable meter sample fell strictly inside the \(durationSeconds) s window"))
        }
        let required = max(policy.minimumSamples, 2)
        guard used.count >= required else {
            return .unavailable(
                EnergyUnavailable(
                    .tooSparse, "\(used.count) samples inside the \(durationSeconds) s window, \(required) required"))
        }
        let gapFraction = WindowSamples.largestGap(times: used.map(\.timeNs), begin: begin, end: end) / (end - begin)
        guard gapFraction <= policy.maximumGapFraction else {
            return .unavailable(
                EnergyUnavailable(
                    .gapTooLong,
                    "the meter gave no sample for \(Self.percent(gapFraction)) of the window, at most \(Self.percent(policy.maximumGapFraction)) allowed"
                ))
        }
        let spanSeconds = Double(used.last!.timeNs - used.first!.timeNs) / 1e9
        let powers: [Double]
        let grossWatts: Double
        if counters {
            guard let deltas = WindowSamples.counterDeltas(used.map { $0.joules! }, range: identity.counterRangeJoules)
            else {
                return .unavailable(
                    EnergyUnavailable(
                        .counterRangeUnknown,
                        "the energy counter of \(identity.name) went backwards and its wrap range is unknown"))
            }
            powers = zip(deltas, zip(used, used.dropFirst())).map { $0 / (Double($1.1.timeNs - $1.0.timeNs) / 1e9) }
            grossWatts = deltas.reduce(0, +) / spanSeconds
        } else {
            powers = used.map { $0.watts! }
            grossWatts = WindowSamples.trapezoid(used.map { ($0.timeNs, $0.watts!) }) / spanSeconds
        }
        let netWatts = grossWatts - (policy.baseline?.watts ?? 0)
        guard netWatts > 0 else {
            return .unavailable(
                EnergyUnavailable(
                    .notAboveBaseline,
                    "average \(grossWatts) W is not above the idle baseline \(policy.baseline?.watts ?? 0) W"))
        }
        let uncertaintyWatts = EnergyUncertainty.watts(
            averageWatts: grossWatts, readings: powers, identity: identity.stating(statement), counters: counters,
            spanSeconds: spanSeconds, baseline: policy.baseline)
        return measured(
            method: counters ? .energyCounter : .powerSamples, count: used.count, powers: powers,
            grossWatts: grossWatts,
            netWatts: netWatts, uncertaintyWatts: uncertaintyWatts, gapFraction: gapFraction, identity: identity,
            policy: policy, statement: statement, stampUncertaintyNs: stampUncertaintyNs)
    }

    /// Readings that each average the interval they close: every reading overlapping the window
    /// counts with its overlap; the average is over the covered time, so marked-out samples (gaps)
    /// neither add nor remove energy, and the gap term of the uncertainty covers them.
    private func intervalAverages(
        _ samples: [MeterSample], intervalNs: Double, begin: Double, end: Double, identity: MeterIdentity,
        policy: EnergyPolicy, statement: InstrumentStatement?, stampUncertaintyNs: Double
    ) -> EnergyResult {
        let used = samples.filter { sample in
            guard let watts = sample.watts, watts.isFinite else { return false }
            return Double(sample.timeNs) > begin && Double(sample.timeNs) - intervalNs < end
        }.sorted { $0.timeNs < $1.timeNs }
        guard !used.isEmpty else {
            return .unavailable(
                EnergyUnavailable(.noSamples, "no meter interval overlapped the \(durationSeconds) s window"))
        }
        let required = max(policy.minimumSamples, 2)
        guard used.count >= required else {
            return .unavailable(
                EnergyUnavailable(
                    .tooSparse,
                    "\(used.count) meter intervals of \(intervalNs / 1e6) ms overlap the \(durationSeconds) s window, \(required) required; size the window from the meter's interval (Docs/metering.md)"
                ))
        }
        var integral = 0.0
        var covered = 0.0
        var gap = 0.0
        var reached = begin
        for sample in used {
            let from = max(Double(sample.timeNs) - intervalNs, begin)
            let to = min(Double(sample.timeNs), end)
            gap = max(gap, from - reached)
            reached = max(reached, to)
            integral += sample.watts! * (to - from) / 1e9
            covered += (to - from) / 1e9
        }
        gap = max(gap, end - reached)
        let gapFraction = gap / (end - begin)
        guard gapFraction <= policy.maximumGapFraction else {
            return .unavailable(
                EnergyUnavailable(
                    .gapTooLong,
                    "the meter gave no interval for \(Self.percent(gapFraction)) of the window, at most \(Self.percent(policy.maximumGapFraction)) allowed"
                ))
        }
        let powers = used.map { $0.watts! }
        let grossWatts = integral / covered
        let netWatts = grossWatts - (policy.baseline?.watts ?? 0)
        guard netWatts > 0 else {
            return .unavailable(
                EnergyUnavailable(
                    .notAboveBaseline,
                    "average \(grossWatts) W is not above the idle baseline \(policy.baseline?.watts ?? 0) W"))
        }
        // The analyzer integrates continuously, so no reading misses fluctuation between readings:
        // no sampling term. Each interval without a reading is filled by the average: an error of
        // up to the power swing over that interval, independent from one gap to the next (k = 2).
        let base = EnergyUncertainty.watts(
            averageWatts: grossWatts, readings: [], identity: identity.stating(statement), counters: false,
            spanSeconds: covered, baseline: policy.baseline)
        let uncoveredSeconds = max(0, durationSeconds - covered)
        let swing = (powers.max() ?? 0) - (powers.min() ?? 0)
        let gapJoules =
            2 * (uncoveredSeconds / (intervalNs / 1e9)).squareRoot() * (intervalNs / 1e9) * swing / 12.0.squareRoot()
        let gapTerm = gapJoules / durationSeconds
        return measured(
            method: .intervalAverages, count: used.count, powers: powers, grossWatts: grossWatts, netWatts: netWatts,
            uncertaintyWatts: (base * base + gapTerm * gapTerm).squareRoot(), gapFraction: gapFraction,
            identity: identity,
            policy: policy, statement: statement, stampUncertaintyNs: stampUncertaintyNs)
    }

    /// The figure with the clock term: shifting the window by the combined clock uncertainty
    /// changes the energy by at most the power swing times that shift.
    private func measured(
        method: IntegrationMethod, count: Int, powers: [Double], grossWatts: Double, netWatts: Double,
        uncertaintyWatts: Double, gapFraction: Double, identity: MeterIdentity, policy: EnergyPolicy,
        statement: InstrumentStatement?, stampUncertaintyNs: Double
    ) -> EnergyResult {
        let clockSeconds =
            (offset.uncertaintyNs * offset.uncertaintyNs + stampUncertaintyNs * stampUncertaintyNs).squareRoot() / 1e9
        let clockJoules = clockSeconds * ((powers.max() ?? 0) - (powers.min() ?? 0))
        let duration = durationSeconds
        let uncertaintyJoules =
            ((uncertaintyWatts * duration) * (uncertaintyWatts * duration) + clockJoules * clockJoules).squareRoot()
        var measurement = EnergyMeasurement(
            method: method, sampleCount: count, durationSeconds: duration,
            grossAveragePowerWatts: grossWatts, baseline: policy.baseline, averagePowerWatts: netWatts,
            energyJoules: netWatts * duration, uncertaintyJoules: uncertaintyJoules, largestGapFraction: gapFraction,
            clockUncertaintySeconds: clockSeconds, qualifying: identity.kind.isQualifying)
        measurement.statement = statement
        measurement.uncertaintyIncomplete =
            statement?.uncertaintyMissing ?? identity.stating(statement).accuracy.missingTerm
        return .measured(measurement)
    }

    private static func percent(_ fraction: Double) -> String {
        "\((fraction * 1000).rounded() / 10) %"
    }
}
