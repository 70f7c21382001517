import Foundation
import Locking
import Logging

/// A lab power analyzer behind a SPEC PTDaemon (`ptd://HOST:8888`), driven as MLPerf power's
/// published server drives it (Docs/metering.md cites each behaviour).
///
/// ``identify()`` parses `Identify` and refuses an analyzer SPEC does not accept, then `Reset`s the
/// daemon and measures its host's clock offset (`Go,<interval>,0` + `RL,1`). Every window `Reset`s
/// (a measurement a dropped client left running would refuse `Go`), fixes the ranges found by the
/// ranging pass (``RangingMeter``) or given in the URL — automatic ranging only when neither exists,
/// and then the window has no stated uncertainty — and starts `Go,<interval>,0,<label>`. ``stop()``
/// sends `Stop`, reads the unread samples with `RL,*,*` (falling back to `RL` or `DC-RL` as the
/// daemon's reply asks), framed by their count, reads `Uncertainty`, and measures the clock offset
/// again, so each window's offset is bracketed and its drift is in the uncertainty. Samples PTDaemon
/// marks −1 (error) or −2 (missed), on the sum or any channel, are gaps, counted, never power.
public final class PtdMeter: RangingMeter {
    private let settings: PtdSettings
    private let logger: Logger
    private let state: Locked<PtdMeterState>

    /// Creates a client for the daemon the URL names; does not connect yet.
    public init(spec: MeterSpec, logger: Logger) throws(MeterError) {
        settings = try PtdSettings(spec: spec)
        self.logger = logger
        state = Locked(PtdMeterState(ranges: settings.fixedRanges))
    }

    /// Labels PTDaemon marks samples with: letters, digits, `_` and `-` (MLPerf's rule).
    public static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.count <= 100
            && label.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-")
            }
    }

    /// Sends `Identify`, refuses an analyzer SPEC does not accept or a daemon not in power mode, resets
    /// the daemon and measures its host's clock offset; returns the identity the report carries.
    public func identify() throws(MeterError) -> MeterIdentity {
        let client = try connect()
        let daemon = try client.identify()
        guard daemon.accepted else {
            throw MeterError(
                .instrumentRefused,
                "the analyzer behind PTDaemon at \(settings.host):\(settings.port) ('\(daemon.driver)') is not accepted by SPEC (Identify accepted flag 0), so its readings cannot back a certified figure; connect an accepted analyzer"
            )
        }
        guard daemon.mode == "power" else {
            throw MeterError(
                .instrumentRefused,
                "PTDaemon at \(settings.host):\(settings.port) runs in mode '\(daemon.mode)', not power; start it with a power analyzer"
            )
        }
        try client.reset()
        let clock = try PtdClockOffset.measure(client, intervalMs: settings.intervalMs)
        try client.reset()
        let identity = MeterIdentity(
            name: settings.name,
            model: daemon.summary
                + String(
                    format: "; host clock %+.1f ms ± %.1f ms from this host", clock.offsetNs / 1e6,
                    clock.uncertaintyNs / 1e6),
            kind: .external, sampleRateHz: 1000 / Double(settings.intervalMs), resolution: settings.resolution,
            accuracy: settings.accuracy, intervalAverageSeconds: Double(settings.intervalMs) / 1000)
        state.withLock {
            $0.identity = identity
            $0.daemon = daemon
            $0.clock = clock
        }
        logger.info(
            "PTDaemon identified",
            metadata: [
                "meter": "\(settings.name)", "daemon": "\(daemon.summary)",
                "clock_offset_ms": "\(clock.offsetNs / 1e6)",
            ])
        return identity
    }

    /// Opens a measurement window labelled `label` with the ranges the ranging pass or the URL fixed.
    public func start(label: String) throws(MeterError) {
        try open(label: label, ranging: false)
    }

    /// Stops the window and returns its samples (error and missed samples as gaps), the daemon's
    /// uncertainty statement and the clock offset measured around it.
    public func stop() throws(MeterError) -> MeterLog {
        try close().log
    }

    /// Opens a ranging window under automatic ranging (the workload's quality pass runs meanwhile).
    public func startRanging(label: String) throws(MeterError) {
        try open(label: label, ranging: true)
    }

    /// Closes the ranging window and fixes the voltage and current ranges it saw for the following
    /// windows; returns the ranges as PTDaemon names them.
    public func finishRanging() throws(MeterError) -> String {
        let (log, volts, amps, session) = try close()
        guard let volts, let amps, volts > 0, amps > 0 else {
            throw MeterError(
                .invalidState,
                "the ranging pass '\(log.label)' gave no valid voltage and current; the ranges stay automatic")
        }
        // MLPerf power's server fixes the voltage range at the largest voltage and the current
        // range at 1.1 × the largest current of the ranging pass (`amps_margin`).
        let ranges = (volts: Self.number(volts), amps: Self.number(amps * settings.ampsMargin))
        try session.client.setRanges(volts: ranges.volts, amps: ranges.amps)
        state.withLock { $0.ranges = ranges }
        Thread.sleep(forTimeInterval: settings.settleSeconds)
        return "V \(ranges.volts), A \(ranges.amps)"
    }

    private func connect() throws(MeterError) -> PtdClient {
        try PtdClient(host: settings.host, port: settings.port, timeoutMs: settings.timeoutMs)
    }

    private func open(label: String, ranging: Bool) throws(MeterError) {
        guard Self.isValidLabel(label) else {
            throw MeterError(
                .invalidState,
                "window label '\(label)' must be 1-100 letters, digits, '_' or '-' (PTDaemon marks samples with it)")
        }
        guard state.withLock({ $0.session == nil }) else {
            throw MeterError(.invalidState, "a window is already open on \(settings.name); stop it first")
        }
        let client = try connect()
        try client.reset()
        // The daemon host's clock right before the window (and again right after it, in close).
        let clockBefore =
            state.withLock({ $0.clock }) == nil ? nil : try Self.remeasure(client, intervalMs: settings.intervalMs)
        try client.reset()
        let fixed = ranging ? nil : state.withLock { $0.ranges }
        try client.setRanges(volts: fixed?.volts ?? "Auto", amps: fixed?.amps ?? "Auto")
        let wallToMonotonic = HostClock.wallToMonotonicNs()
        let startNs = HostClock.monotonicNs()
        try client.go(intervalMs: settings.intervalMs, label: label)
        let session = PtdSession(
            client: client, label: label, startNs: startNs, wallToMonotonicNs: wallToMonotonic,
            ranges: fixed.map { "V \($0.volts), A \($0.amps)" }, clockBefore: clockBefore)
        state.withLock { $0.session = session }
    }

    private func close() throws(MeterError) -> (log: MeterLog, volts: Double?, amps: Double?, session: PtdSession) {
        guard let session = state.withLock({ $0.session }) else {
            throw MeterError(.invalidState, "no window is open on \(settings.name); call start first")
        }
        defer { state.withLock { $0.session = nil } }
        try session.client.stop()
        let stopNs = HostClock.monotonicNs()
        // MLPerf power's order: Stop, the unread samples, then Uncertainty.
        let read = try session.client.readUnread(maximumLines: settings.maximumLogLines)
        let uncertainty = try session.client.uncertainty()
        let (identity, last) = state.withLock { ($0.identity, $0.clock) }
        let before = session.clockBefore ?? last
        // The daemon host's clock is measured right before and right after every window (MLPerf
        // power checks the time before and after each phase): the window's offset is the mean of
        // the two, and half their difference (drift) adds to its uncertainty.
        var clock: PtdWindowClock?
        if let before {
            let after = try Self.remeasure(session.client, intervalMs: settings.intervalMs)
            clock =
                after.map { PtdWindowClock(before: before, after: $0) } ?? PtdWindowClock(before: before, after: nil)
            if let after { state.withLock { $0.clock = after } }
        }
        var parsed = Self.samples(from: read.lines, session: session, clockOffsetNs: clock?.offsetNs ?? 0)
        if let problem = read.problem { parsed.dropouts.append(MeterDropout(timeNs: stopNs, reason: problem.message)) }
        var uncertaintyMissing: String?
        var statedFraction: Double?
        var maximumFraction: Double?
        switch uncertainty {
        case .success(let stated):
            uncertaintyMissing = stated.unusableReason
            if uncertaintyMissing == nil {
                statedFraction = stated.average
                maximumFraction = stated.maximum
            }
            if stated.total != read.lines.count {
                parsed.dropouts.append(
                    MeterDropout(
                        timeNs: stopNs,
                        reason:
                            "PTDaemon counted \(stated.total) samples in its Uncertainty reply but \(read.command) gave \(read.lines.count)"
                    ))
            }
        case .failure(let problem): uncertaintyMissing = problem.message
        }
        if session.ranges == nil {
            uncertaintyMissing =
                uncertaintyMissing
                ?? "the window ran under automatic ranging (no ranging pass and no volts_range/amps_range)"
        }
        if clock == nil {
            uncertaintyMissing =
                uncertaintyMissing ?? "the PTDaemon host's clock offset was not measured (the meter was not identified)"
        }
        if let missing = clock?.missing { uncertaintyMissing = uncertaintyMissing ?? missing }
        var statement = InstrumentStatement(
            uncertaintyFraction: statedFraction, maximumUncertaintyFraction: maximumFraction,
            uncertaintyMissing: uncertaintyMissing,
            errorSamples: parsed.errors, missedSamples: parsed.missed, ranges: session.ranges)
        statement.clock = clock?.summary
        statement.clockOffsetNs = clock?.offsetNs
        statement.channels = parsed.channels
        let resolved =
            identity
            ?? MeterIdentity(
                name: settings.name, model: "unidentified PTDaemon analyzer", kind: .external,
                sampleRateHz: 1000 / Double(settings.intervalMs), resolution: settings.resolution,
                accuracy: settings.accuracy,
                intervalAverageSeconds: Double(settings.intervalMs) / 1000)
        let log = MeterLog(
            identity: resolved, label: session.label, startNs: session.startNs, stopNs: stopNs, samples: parsed.samples,
            dropouts: parsed.dropouts, reconnects: 0, statement: statement,
            stampUncertaintyNs: clock?.uncertaintyNs ?? 0)
        return (log, parsed.maxVolts, parsed.maxAmps, session)
    }

    /// The clock offset measured again on the window's connection, or nil when the daemon gave no
    /// readable sample to `RL,1` (the window then keeps the earlier offset, its uncertainty incomplete).
    private static func remeasure(_ client: PtdClient, intervalMs: Int) throws(MeterError) -> PtdClockOffset? {
        try client.reset()
        do throws(MeterError) {
            return try PtdClockOffset.measure(client, intervalMs: intervalMs)
        } catch  where error.code == .protocolViolation {
            return nil
        }
    }

    /// What a window's `RL` lines hold: samples on this host's monotonic clock, lines that could
    /// not be used, samples the daemon marked as errors (−1) or missed (−2), and the largest
    /// voltage and current of the valid samples (for a ranging pass).
    struct ParsedLog {
        var samples: [MeterSample] = []
        var dropouts: [MeterDropout] = []
        var errors = 0
        var missed = 0
        var maxVolts: Double?
        var maxAmps: Double?
        /// Channels read after the sum (0 on a single-channel analyzer).
        var channels = 0
    }

    /// Parses the lines of one window. A stamp (UTC on the daemon host) minus the daemon host's
    /// offset is this host's UTC time, placed on the monotonic clock. The sum (or only) channel's
    /// power is the reading; a sample marked −1/−2 on the sum or on any channel is a gap.
    static func samples(from lines: [String], session: PtdSession, clockOffsetNs: Double) -> ParsedLog {
        var result = ParsedLog()
        for line in lines {
            switch PtdLogLine.parse(line) {
            case .success(let entry):
                guard entry.mark == nil || entry.mark == session.label else {
                    result.dropouts.append(
                        MeterDropout(
                            timeNs: session.startNs,
                            reason: "a sample marked '\(entry.mark ?? "")' in the window '\(session.label)'"))
                    continue
                }
                let timeNs = entry.timeNs - Int64(clockOffsetNs.rounded()) + session.wallToMonotonicNs
                result.channels = max(result.channels, entry.channels.count)
                if let marked = entry.markedValue {
                    if marked == -1 { result.errors += 1 } else { result.missed += 1 }
                    continue
                }
                guard entry.watts >= 0 else {
                    result.dropouts.append(
                        MeterDropout(
                            timeNs: timeNs,
                            reason: "negative reading \(entry.watts) W that is not PTDaemon's −1/−2 mark"))
                    continue
                }
                result.samples.append(MeterSample(timeNs: timeNs, watts: entry.watts))
                if let volts = entry.largestVolts { result.maxVolts = max(result.maxVolts ?? 0, volts) }
                if let amps = entry.largestAmps { result.maxAmps = max(result.maxAmps ?? 0, amps) }
            case .failure(let problem):
                result.dropouts.append(
                    MeterDropout(timeNs: result.samples.last?.timeNs ?? session.startNs, reason: problem.message))
            }
        }
        result.samples.sort { $0.timeNs < $1.timeNs }
        return result
    }

    private static func number(_ value: Double) -> String { String(format: "%.6g", value) }
}
