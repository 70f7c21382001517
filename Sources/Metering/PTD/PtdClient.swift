/// The SPEC PTDaemon TCP protocol as SPEC's harness and MLPerf power use it, one command per line.
///
/// Blocking; every wait is bounded by the timeout.
final class PtdClient {
    /// The exact greeting a PTDaemon answers `Hello` with.
    static let greeting = "Hello, PTDaemon here!"
    private let connection: LineConnection
    private let timeoutMs: Int

    /// Connects and checks the greeting.
    init(host: String, port: Int, timeoutMs: Int) throws(MeterError) {
        connection = try LineConnection.open(host: host, port: port, timeoutMs: timeoutMs)
        self.timeoutMs = timeoutMs
        let reply = try connection.query("Hello", timeoutMs: timeoutMs)
        guard reply.trimmingBlanksAndNewlines() == Self.greeting else {
            throw MeterError(.protocolViolation, "\(host):\(port) is not a PTDaemon: 'Hello' was answered '\(reply.prefix(80))'; check the port (PTDaemon listens on 4950 by default)")
        }
    }

    /// `Identify`: the daemon, its analyzer and their capabilities.
    func identify() throws(MeterError) -> PtdIdentity {
        let reply = try command("Identify")
        switch PtdIdentity.parse(reply) {
        case .success(let identity): return identity
        case .failure(let problem): throw MeterError(.protocolViolation, problem.message)
        }
    }

    /// `Reset`: ends whatever measurement a previous (perhaps dropped) client left running.
    func reset() throws(MeterError) { _ = try command("Reset") }

    /// `SR,V,<range>` and `SR,A,<range>`: fixed ranges (`Auto` for automatic ranging).
    func setRanges(volts: String, amps: String) throws(MeterError) {
        _ = try command("SR,V,\(volts)")
        _ = try command("SR,A,\(amps)")
    }

    /// `Go,<interval ms>,0[,<label>]`: starts an untimed measurement, marked with the label if any.
    func go(intervalMs: Int, label: String?) throws(MeterError) {
        let text = "Go,\(intervalMs),0" + (label.map { ",\($0)" } ?? "")
        let reply = try command(text)
        guard reply.hasPrefix("Starting") else {
            throw MeterError(.instrumentRefused, "PTDaemon did not start a measurement on '\(text)': '\(reply.prefix(120))'")
        }
    }

    /// `Stop`: stops the measurement.
    func stop() throws(MeterError) { _ = try command("Stop") }

    /// `Uncertainty`: the daemon's own uncertainty statement for the last measurement.
    func uncertainty() throws(MeterError) -> Result<PtdUncertainty, ReplyProblem> {
        PtdUncertainty.parse(try command("Uncertainty"))
    }

    /// `RL,<count>`: the unread samples, framed by the `Last N samples` header that precedes them
    /// (the header is not a sample). Returns the lines that arrived, and why they are not the N
    /// announced (or why there are none) when that is so.
    func readSamples(_ count: String, maximumLines: Int) throws(MeterError) -> (lines: [String], problem: ReplyProblem?) {
        let header = try command("RL,\(count)")
        let words = header.split(separator: " ")
        guard words.count >= 3, words[0] == "Last", let announced = Int(words[1]), announced >= 0,
            words[2].hasPrefix("sample")
        else {
            return ([], ReplyProblem("'RL,\(count)' was answered '\(header.prefix(120))', not 'Last N samples'"))
        }
        guard announced <= maximumLines else {
            throw MeterError(.protocolViolation, "PTDaemon announced \(announced) samples, more than the \(maximumLines) a window of max_s can hold")
        }
        var lines: [String] = []
        lines.reserveCapacity(announced)
        for _ in 0..<announced {
            do throws(MeterError) {
                lines.append(try connection.readLine(timeoutMs: timeoutMs))
            } catch where error.code == .timeout {
                return (lines, ReplyProblem("'RL,\(count)' announced \(announced) samples but \(lines.count) arrived within \(timeoutMs) ms"))
            }
        }
        return (lines, nil)
    }

    private func command(_ text: String) throws(MeterError) -> String {
        let reply = try connection.query(text, timeoutMs: timeoutMs)
        if reply.hasPrefix("Error") || reply.hasPrefix("Invalid") {
            throw MeterError(.instrumentRefused, "PTDaemon refused '\(text)': \(reply.prefix(120))")
        }
        return reply
    }
}
