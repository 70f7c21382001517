import Foundation
import Locking
import Logging

/// Polls an SCPI instrument at a fixed rate on a thread of its own while a window is open.
///
/// A failed exchange is recorded as a dropout and never replaced by a number; a timeout or a
/// dropped connection gets exactly one reconnection attempt, after which the window goes on
/// without readings until it is closed.
final class ScpiPoller: Sendable {
    let settings: ScpiSettings
    let logger: Logger
    let record = Locked(WindowRecord())

    init(settings: ScpiSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Starts the polling thread and blocks until it has connected and sent the setup commands;
    /// returns the window's start time.
    func start() throws(MeterError) -> Int64 {
        let thread = Thread { [self] in run() }
        thread.name = "aitc-scpi-poll"
        thread.start()
        return try record.wait(until: { $0.started != nil }) {
            $0.started ?? .failure(MeterError(.invalidState, "the polling thread ended before connecting"))
        }.get()
    }

    /// Asks the thread to stop and blocks until it has.
    func stop() -> WindowRecord {
        record.withLock { $0.stopRequested = true }
        return record.wait(until: \.finished) { $0 }
    }

    /// Opens a connection and sends the setup commands.
    static func connect(_ settings: ScpiSettings) throws(MeterError) -> LineConnection {
        let connection = try LineConnection.open(
            host: settings.host, port: settings.port, timeoutMs: settings.timeoutMs)
        for command in settings.commands.setup {
            try connection.sendLine(command, timeoutMs: settings.timeoutMs)
        }
        return connection
    }

    private func run() {
        defer { record.withLock { $0.finished = true } }
        var connection: LineConnection?
        do throws(MeterError) {
            connection = try Self.connect(settings)
        } catch {
            record.withLock { $0.started = .failure(error) }
            return
        }
        if let live = connection { readRanges(live) }
        let startNs = HostClock.monotonicNs()
        record.withLock { $0.started = .success(startNs) }
        let intervalNs = Int64(1e9 / settings.rateHz)
        let maxPolls = Int(settings.rateHz * settings.maxWindowSeconds) + 1
        var next = startNs
        for _ in 0..<maxPolls {
            guard sleep(until: next) else { return }
            next += intervalNs
            if let live = connection, !poll(live) { connection = reconnect() }
            next = max(next, HostClock.monotonicNs())
        }
        note("the window exceeded max_s=\(settings.maxWindowSeconds) s; no readings after that")
    }

    /// The range in use, from the preset's range queries: their replies multiplied (V × A); a reply
    /// that is not a number leaves the range unknown, with a dropout saying so.
    private func readRanges(_ connection: LineConnection) {
        guard !settings.commands.rangeQueries.isEmpty else { return }
        var replies: [String] = []
        var product = 1.0
        for query in settings.commands.rangeQueries {
            do throws(MeterError) {
                let reply = try connection.query(query, timeoutMs: settings.timeoutMs)
                guard case .success(let value) = ScpiReply.number(reply), value > 0 else {
                    note("range query '\(query)' was answered '\(reply.prefix(40))'; the range in use is unknown")
                    return
                }
                replies.append(reply.trimmingBlanksAndNewlines())
                product *= value
            } catch {
                note("range query '\(query)': \(error.message); the range in use is unknown")
                return
            }
        }
        record.withLock {
            $0.ranges = zip(settings.commands.rangeQueries, replies).map { "\($0) \($1)" }.joined(separator: ", ")
            $0.rangeWatts = product
        }
    }

    /// One exchange; false when the connection must be replaced.
    private func poll(_ connection: LineConnection) -> Bool {
        let sentNs = HostClock.monotonicNs()
        do throws(MeterError) {
            let reply = try connection.query(settings.commands.power, timeoutMs: settings.timeoutMs)
            let watts: Double
            switch ScpiReply.number(reply) {
            case .success(let value): watts = value * settings.commands.wattsScale
            case .failure(let problem):
                note("power reply: \(problem.message)", at: sentNs)
                return true
            }
            var joules: Double?
            if let energy = settings.commands.energy {
                switch ScpiReply.number(try connection.query(energy, timeoutMs: settings.timeoutMs)) {
                case .success(let value): joules = value * settings.commands.joulesScale
                case .failure(let problem): note("energy reply: \(problem.message)", at: sentNs)
                }
            }
            let receivedNs = HostClock.monotonicNs()
            let sample = MeterSample(timeNs: sentNs / 2 + receivedNs / 2, watts: watts, joules: joules)
            record.withLock { $0.samples.append(sample) }
            return true
        } catch {
            note(error.description, at: sentNs)
            return false
        }
    }

    private func reconnect() -> LineConnection? {
        do throws(MeterError) {
            let connection = try Self.connect(settings)
            record.withLock { $0.reconnects += 1 }
            logger.info("meter reconnected", metadata: ["meter": "\(settings.name)"])
            return connection
        } catch {
            note("reconnect failed (\(error.message)); no readings until the window closes")
            return nil
        }
    }

    /// Sleeps until `deadline` in short steps; false when a stop was requested.
    private func sleep(until deadline: Int64) -> Bool {
        for _ in 0..<1_000_000 {
            if record.withLock({ $0.stopRequested }) { return false }
            let remaining = deadline - HostClock.monotonicNs()
            if remaining <= 0 { return true }
            usleep(useconds_t(min(remaining / 1_000, 5_000)))
        }
        return true
    }

    private func note(_ reason: String, at timeNs: Int64 = HostClock.monotonicNs()) {
        logger.warning("meter dropout", metadata: ["meter": "\(settings.name)", "reason": "\(reason)"])
        record.withLock { $0.dropouts.append(MeterDropout(timeNs: timeNs, reason: reason)) }
    }
}
