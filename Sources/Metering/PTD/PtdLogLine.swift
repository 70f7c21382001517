/// One logged PTDaemon sample: `Time,<t>,Watts,<w>,Volts,<v>,Amps,<a>,...,Mark,<label>`.
struct PtdLogLine: Sendable, Equatable {
    /// The stamp in nanoseconds, as ``PtdTime`` reads it.
    let timeNs: Int64
    let watts: Double
    let volts: Double?
    let amps: Double?
    let mark: String?

    /// Parses a line; the failure says why the line is unusable.
    static func parse(_ line: String) -> Result<PtdLogLine, ReplyProblem> {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        guard fields.count >= 4, fields.count % 2 == 0 else {
            return .failure(ReplyProblem("log line has \(fields.count) fields, expected key,value pairs: '\(line.prefix(80))'"))
        }
        var values: [String: String] = [:]
        for index in stride(from: 0, to: fields.count, by: 2) where values[fields[index]] == nil {
            values[fields[index]] = fields[index + 1]
        }
        guard let timeText = values["Time"], let timeNs = PtdTime.nanoseconds(timeText) else {
            return .failure(ReplyProblem("log line has no readable Time: '\(line.prefix(80))'"))
        }
        guard let wattsText = values["Watts"], let watts = Double(wattsText), watts.isFinite else {
            return .failure(ReplyProblem("log line has no finite Watts: '\(line.prefix(80))'"))
        }
        let volts = values["Volts"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
        let amps = values["Amps"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
        return .success(PtdLogLine(timeNs: timeNs, watts: watts, volts: volts, amps: amps, mark: values["Mark"]))
    }
}
