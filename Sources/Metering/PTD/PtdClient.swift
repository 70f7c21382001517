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
            throw MeterError(
                .protocolViolation,
                "\(host):\(port) is not a PTDaemon: 'Hello' was answered '\(reply.prefix(80))'; check the port (PTDaemon's -p; MLPerf power's set-up uses 8888, and 4950 is MLPerf's own power server, not PTDaemon)"
            )
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
    /// Any reply but an error is accepted (MLPerf power's server does not read it).
    func go(intervalMs: Int, label: String?) throws(MeterError) {
        _ = try command("Go,\(intervalMs),0" + (label.map { ",\($0)" } ?? ""))
    }

    /// `Stop`: stops the measurement.
    func stop() throws(MeterError) { _ = try command("Stop") }

    /// `Uncertainty`: the daemon's own uncertainty statement for the last measurement.
    func uncertainty() throws(MeterError) -> Result<PtdUncertainty, ReplyProblem> {
        PtdUncertainty.parse(try command("Uncertainty"))
    }

    /// Every unread sample, as MLPerf power's server reads them: `RL,*,*` (the sum and every channel
    /// of a multi-channel analyzer); a single-channel analyzer answers `Invalid number of
    /// parameters` and is read with `RL`, a DC analyzer answers `Unknown command` and is read with
    /// `DC-RL`. Returns the command that framed the reply with what ``frame(_:_:maximumLines:)`` gives.
    func readUnread(maximumLines: Int) throws(MeterError) -> (command: String, lines: [String], problem: ReplyProblem?)
    {
        var command = "RL,*,*"
        var header = try connection.query(command, timeoutMs: timeoutMs)
        if header.contains("Invalid number of parameters") {
            command = "RL"
            header = try connection.query(command, timeoutMs: timeoutMs)
        } else if header.contains("Unknown command") {
            command = "DC-RL"
            header = try connection.query(command, timeoutMs: timeoutMs)
        }
        let framed = try frame(command, header, maximumLines: maximumLines)
        // Lines past the announced count are not samples, and must not be read as the next replies.
        let extra = connection.discardPending(graceMs: 50)
        if extra > 0 && framed.problem == nil {
            return (
                command, framed.lines,
                ReplyProblem(
                    "'\(command)' sent \(extra) lines after the \(framed.lines.count) samples it announced; they were discarded"
                )
            )
        }
        return (command, framed.lines, framed.problem)
    }

    /// `RL,<count>`: the latest samples, framed by the `Last N samples` header that precedes them.
    func readSamples(_ count: String, maximumLines: Int) throws(MeterError) -> (lines: [String], problem: ReplyProblem?)
    {
        let command = "RL,\(count)"
        return try frame(command, try connection.query(command, timeoutMs: timeoutMs), maximumLines: maximumLines)
    }

    /// Reads the N lines a `Last N samples` header announces (the header is not a sample). Returns
    /// the lines that arrived, and why they are not the N announced (or why there are none).
    private func frame(
        _ command: String, _ header: String, maximumLines: Int
    ) throws(MeterError) -> (lines: [String], problem: ReplyProblem?) {
        let words = header.split(separator: " ")
        guard words.count >= 3, words[0] == "Last", let announced = Int(words[1]), announced >= 0,
            words[2].hasPrefix("sample")
        else {
            return ([], ReplyProblem("'\(command)' was answered '\(header.prefix(120))', not 'Last N samples'"))
        }
        guard announced <= maximumLines else {
            throw MeterError(
                .protocolViolation,
                "PTDaemon announced \(announced) samples, more than the \(maximumLines) a window of max_s can hold")
        }
        var lines: [String] = []
        lines.reserveCapacity(announced)
        for _ in 0..<announced {
            do throws(MeterError) {
                lines.append(try connection.readLine(timeoutMs: timeoutMs))
            } catch  where error.code == .timeout {
                return (
                    lines,
                    ReplyProblem(
                        "'\(command)' announced \(announced) samples but \(lines.count) arrived within \(timeoutMs) ms")
                )
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
