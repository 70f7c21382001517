import Logging

/// A lab power analyzer behind a SPEC PTDaemon (`ptd://HOST:4950`), driven as MLPerf power does.
///
/// The daemon logs on its side; ``stop()`` reads the log with `RL` and keeps the lines marked with
/// the window's label. Log stamps are the daemon host's local time: that host must be time-synced
/// with this one (MLPerf's rule), and the stamps are mapped onto this host's monotonic clock.
public final class PtdMeter: PowerMeter {
    private let settings: PtdSettings
    private let logger: Logger
    private let state = Locked<(identity: MeterIdentity?, session: PtdSession?)>((nil, nil))

    /// Creates a client for the daemon the URL names; does not connect yet.
    public init(spec: MeterSpec, logger: Logger) throws(MeterError) {
        settings = try PtdSettings(spec: spec)
        self.logger = logger
    }

    public func identify() throws(MeterError) -> MeterIdentity {
        let model = try PtdClient(host: settings.host, port: settings.port, timeoutMs: settings.timeoutMs).identify()
        let identity = MeterIdentity(
            name: settings.name, model: model.trimmingBlanksAndNewlines(), kind: .external,
            sampleRateHz: 1000 / Double(settings.intervalMs), resolution: settings.resolution,
            accuracy: settings.accuracy)
        state.withLock { $0.identity = identity }
        return identity
    }

    public func start(label: String) throws(MeterError) {
        guard !label.isEmpty, !label.contains(","), !label.contains("\n") else {
            throw MeterError(.invalidState, "window label '\(label)' must be non-empty without commas or line ends")
        }
        guard state.withLock({ $0.session == nil }) else {
            throw MeterError(.invalidState, "a window is already open on \(settings.name); stop it first")
        }
        let client = try PtdClient(host: settings.host, port: settings.port, timeoutMs: settings.timeoutMs)
        try client.autoRange()
        let wallToMonotonic = HostClock.wallToMonotonicNs()
        let startNs = HostClock.monotonicNs()
        try client.go(intervalMs: settings.intervalMs, label: label)
        let session = PtdSession(client: client, label: label, startNs: startNs, wallToMonotonicNs: wallToMonotonic)
        state.withLock { $0.session = session }
    }

    public func stop() throws(MeterError) -> MeterLog {
        guard let session = state.withLock({ $0.session }) else {
            throw MeterError(.invalidState, "no window is open on \(settings.name); call start first")
        }
        defer { state.withLock { $0.session = nil } }
        try session.client.stop()
        let stopNs = HostClock.monotonicNs()
        let lines = try session.client.readLog(quietMs: 300, maximumLines: settings.maximumLogLines)
        let uncertainty = try? session.client.uncertainty()
        if let uncertainty { logger.info("PTDaemon uncertainty", metadata: ["reply": "\(uncertainty)"]) }
        let (samples, dropouts) = Self.samples(from: lines, session: session)
        let identity = state.withLock { $0.identity } ?? MeterIdentity(
            name: settings.name, model: "unidentified PTDaemon analyzer", kind: .external,
            sampleRateHz: 1000 / Double(settings.intervalMs), resolution: settings.resolution, accuracy: settings.accuracy)
        return MeterLog(
            identity: identity, label: session.label, startNs: session.startNs, stopNs: stopNs,
            samples: samples, dropouts: dropouts, reconnects: 0)
    }

    /// The window's samples on the monotonic clock, and the lines that could not be used.
    static func samples(from lines: [String], session: PtdSession) -> ([MeterSample], [MeterDropout]) {
        var samples: [MeterSample] = []
        var dropouts: [MeterDropout] = []
        for line in lines {
            switch PtdLogLine.parse(line) {
            case .success(let entry):
                guard entry.mark == nil || entry.mark == session.label else { continue }
                samples.append(MeterSample(timeNs: entry.timeNs + session.wallToMonotonicNs, watts: entry.watts))
            case .failure(let problem):
                dropouts.append(MeterDropout(timeNs: samples.last?.timeNs ?? session.startNs, reason: problem.message))
            }
        }
        return (samples.sorted { $0.timeNs < $1.timeNs }, dropouts)
    }
}
