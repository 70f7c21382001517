import Locking
import Logging

/// A lab instrument speaking SCPI over raw TCP (Yokogawa WT, Keysight N6705, others by preset).
///
/// Create it from a meter URL such as `scpi://10.0.0.5:10001?preset=yokogawa-wt&rate=10`.
public final class ScpiMeter: PowerMeter {
    private let settings: ScpiSettings
    private let logger: Logger
    private let state = Locked(ScpiMeterState())

    /// Creates a driver for the instrument the URL names; does not connect yet.
    public init(spec: MeterSpec, logger: Logger) throws(MeterError) {
        settings = try ScpiSettings(spec: spec)
        self.logger = logger
    }

    /// Connects, sends the preset's identify query (`*IDN?`) and refuses an instrument that is not the
    /// family its preset names; returns the identity the report carries.
    public func identify() throws(MeterError) -> MeterIdentity {
        let connection = try LineConnection.open(
            host: settings.host, port: settings.port, timeoutMs: settings.timeoutMs)
        let reply = try connection.query(settings.commands.identify, timeoutMs: settings.timeoutMs)
        let model = reply.trimmingBlanksAndNewlines()
        guard !model.isEmpty else {
            throw MeterError(
                .protocolViolation,
                "\(settings.host):\(settings.port) answered '\(settings.commands.identify)' with nothing; check the preset"
            )
        }
        let upper = model.uppercased()
        guard settings.commands.identifyWords.allSatisfy({ upper.contains($0.uppercased()) }) else {
            throw MeterError(
                .instrumentRefused,
                "\(settings.host):\(settings.port) identifies as '\(model.prefix(80))', not \(settings.commands.family) as its preset says; choose this instrument's preset, or preset=generic with its accuracy=, floor_w="
            )
        }
        let identity = MeterIdentity(
            name: settings.name, model: model, kind: .external, sampleRateHz: settings.rateHz,
            resolution: settings.commands.resolution, accuracy: settings.commands.accuracy)
        state.withLock { $0.identity = identity }
        logger.info("meter identified", metadata: ["meter": "\(settings.name)", "model": "\(model)"])
        return identity
    }

    /// Starts polling the instrument on a thread of its own; throws when a window is already open.
    public func start(label: String) throws(MeterError) {
        let poller = ScpiPoller(settings: settings, logger: logger)
        let busy = state.withLock { state -> Bool in
            if state.poller != nil { return true }
            state.poller = poller
            return false
        }
        guard !busy else {
            throw MeterError(.invalidState, "a window is already open on \(settings.name); stop it first")
        }
        do throws(MeterError) {
            let startNs = try poller.start()
            state.withLock {
                $0.label = label
                $0.startNs = startNs
            }
        } catch {
            state.withLock { $0.poller = nil }
            throw error
        }
    }

    /// Stops polling and returns the window's readings and dropouts; throws when no window is open.
    public func stop() throws(MeterError) -> MeterLog {
        let (poller, identity, label, startNs) = state.withLock { ($0.poller, $0.identity, $0.label, $0.startNs) }
        guard let poller else {
            throw MeterError(.invalidState, "no window is open on \(settings.name); call start first")
        }
        let recorded = poller.stop()
        let stopNs = HostClock.monotonicNs()
        state.withLock { $0.poller = nil }
        let resolved =
            identity
            ?? MeterIdentity(
                name: settings.name, model: "unidentified SCPI instrument", kind: .external,
                sampleRateHz: settings.rateHz, resolution: settings.commands.resolution,
                accuracy: settings.commands.accuracy)
        let statement =
            settings.commands.rangeQueries.isEmpty
            ? nil
            : InstrumentStatement(
                uncertaintyFraction: nil, maximumUncertaintyFraction: nil, uncertaintyMissing: nil, errorSamples: 0,
                missedSamples: 0,
                ranges: recorded.ranges, rangeWatts: recorded.rangeWatts)
        return MeterLog(
            identity: resolved, label: label, startNs: startNs, stopNs: stopNs, samples: recorded.samples,
            dropouts: recorded.dropouts, reconnects: recorded.reconnects, statement: statement)
    }
}
