/// The SPEC PTDaemon TCP protocol as MLPerf power uses it, one command per line.
///
/// Blocking; run it through ``BlockingWork``.
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

    /// `Identify`: the analyzer model as the daemon reports it.
    func identify() throws(MeterError) -> String { try command("Identify") }

    /// `RR`: `Ranges,{AmpAuto},{AmpRange},{VoltAuto},{VoltRange}`.
    func ranges() throws(MeterError) -> String { try command("RR") }

    /// `SR,V,Auto` then `SR,A,Auto`: automatic ranging for voltage and current.
    func autoRange() throws(MeterError) {
        _ = try command("SR,V,Auto")
        _ = try command("SR,A,Auto")
    }

    /// `Go,<interval ms>,0,<label>`: starts logging with the label as the mark.
    func go(intervalMs: Int, label: String) throws(MeterError) { _ = try command("Go,\(intervalMs),0,\(label)") }

    /// `Stop`: stops logging.
    func stop() throws(MeterError) { _ = try command("Stop") }

    /// `Uncertainty`: the daemon's own uncertainty statement for the last run.
    func uncertainty() throws(MeterError) -> String { try command("Uncertainty") }

    /// `Watts`: the present power.
    func watts() throws(MeterError) -> Double {
        let reply = try command("Watts")
        let last = reply.split(separator: ",").last.map { $0.trimmingBlanks() } ?? ""
        guard let value = Double(last), value.isFinite else {
            throw MeterError(.protocolViolation, "'Watts' was answered '\(reply.prefix(80))', not a finite number")
        }
        return value
    }

    /// `RL`: the logged lines, read until an empty line or until the daemon stays quiet for
    /// `quietMs`, at most `maximumLines`.
    func readLog(quietMs: Int, maximumLines: Int) throws(MeterError) -> [String] {
        try connection.sendLine("RL", timeoutMs: timeoutMs)
        var lines: [String] = []
        var waitMs = timeoutMs
        while lines.count < maximumLines {
            let line: String
            do throws(MeterError) {
                line = try connection.readLine(timeoutMs: waitMs)
            } catch where error.code == .timeout {
                break
            }
            if line.isEmpty { break }
            lines.append(line)
            waitMs = quietMs
        }
        return lines
    }

    private func command(_ text: String) throws(MeterError) -> String {
        let reply = try connection.query(text, timeoutMs: timeoutMs)
        if reply.hasPrefix("Error") {
            throw MeterError(.instrumentRefused, "PTDaemon refused '\(text)': \(reply.prefix(120))")
        }
        return reply
    }
}
