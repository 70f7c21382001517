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
        evaluate(log.samples, identity: log.identity, policy: policy)
    }

    /// The energy `samples` (meter host clock) show for this window.
    public func evaluate(_ samples: [MeterSample], identity: MeterIdentity, policy: EnergyPolicy) -> EnergyResult {
        guard endDeviceNs > beginDeviceNs else {
            return .unavailable(EnergyUnavailable(.invalidWindow, "the run's end \(endDeviceNs) ns is not after its begin \(beginDeviceNs) ns"))
        }
        let begin = offset.hostTime(ofDeviceNs: beginDeviceNs)
        let end = offset.hostTime(ofDeviceNs: endDeviceNs)
        let inside = WindowSamples.inside(samples, begin: begin, end: end)
        let counters = inside.allSatisfy { $0.joules != nil } && inside.count >= 2
        let used = counters ? inside : inside.filter { $0.watts?.isFinite == true }
        guard !used.isEmpty else {
            return .unavailable(EnergyUnavailable(.noSamples, "no usable meter sample fell strictly inside the \(durationSeconds) s window"))
        }
        let required = max(policy.minimumSamples, 2)
        guard used.count >= required else {
            return .unavailable(EnergyUnavailable(.tooSparse, "\(used.count) samples inside the \(durationSeconds) s window, \(required) required"))
        }
        let gapFraction = WindowSamples.largestGap(times: used.map(\.timeNs), begin: begin, end: end) / (end - begin)
        guard gapFraction <= policy.maximumGapFraction else {
            return .unavailable(EnergyUnavailable(.gapTooLong, "the meter gave no sample for \(Self.percent(gapFraction)) of the window, at most \(Self.percent(policy.maximumGapFraction)) allowed"))
        }
        let spanSeconds = Double(used.last!.timeNs - used.first!.timeNs) / 1e9
        let powers: [Double]
        let grossWatts: Double
        if counters {
            guard let deltas = WindowSamples.counterDeltas(used.map { $0.joules! }, range: identity.counterRangeJoules) else {
                return .unavailable(EnergyUnavailable(.counterRangeUnknown, "the energy counter of \(identity.name) went backwards and its wrap range is unknown"))
            }
            powers = zip(deltas, zip(used, used.dropFirst())).map { $0 / (Double($1.1.timeNs - $1.0.timeNs) / 1e9) }
            grossWatts = deltas.reduce(0, +) / spanSeconds
        } else {
            powers = used.map { $0.watts! }
            grossWatts = WindowSamples.trapezoid(used.map { ($0.timeNs, $0.watts!) }) / spanSeconds
        }
        let netWatts = grossWatts - (policy.baseline?.watts ?? 0)
        guard netWatts > 0 else {
            return .unavailable(EnergyUnavailable(.notAboveBaseline, "average \(grossWatts) W is not above the idle baseline \(policy.baseline?.watts ?? 0) W"))
        }
        let uncertaintyWatts = EnergyUncertainty.watts(
            averageWatts: grossWatts, readings: powers, identity: identity, counters: counters,
            spanSeconds: spanSeconds, baseline: policy.baseline)
        let clockSeconds = offset.uncertaintyNs / 1e9
        let clockJoules = clockSeconds * ((powers.max() ?? 0) - (powers.min() ?? 0))
        let duration = durationSeconds
        let uncertaintyJoules = ((uncertaintyWatts * duration) * (uncertaintyWatts * duration) + clockJoules * clockJoules).squareRoot()
        return .measured(EnergyMeasurement(
            method: counters ? .energyCounter : .powerSamples, sampleCount: used.count, durationSeconds: duration,
            grossAveragePowerWatts: grossWatts, baseline: policy.baseline, averagePowerWatts: netWatts,
            energyJoules: netWatts * duration, uncertaintyJoules: uncertaintyJoules, largestGapFraction: gapFraction,
            clockUncertaintySeconds: clockSeconds, qualifying: identity.kind.isQualifying))
    }

    private static func percent(_ fraction: Double) -> String {
        "\((fraction * 1000).rounded() / 10) %"
    }
}
