/// One PTDaemon sample as `RL` returns it: `Time,<t>,Watts,<w>,Volts,<v>,Amps,<a>,PF,<pf>`, and on a
/// multi-channel analyzer read with `RL,*,*` the same `Watts,…,PF,…` group once more per channel
/// after the sum (MLPerf power's server reads it so and inserts `Mark,<label>` and `Ch<n>` when it
/// writes the lines to its log; both are accepted here).
struct PtdLogLine: Sendable, Equatable {
    /// One `Watts,Volts,Amps` group: the sum (or only) channel, or one channel.
    struct Group: Sendable, Equatable {
        var watts: Double?
        var volts: Double?
        var amps: Double?
    }

    /// The stamp in nanoseconds, as ``PtdTime`` reads it.
    let timeNs: Int64
    /// The sum (or only) channel's power.
    let watts: Double
    let volts: Double?
    let amps: Double?
    /// The individual channels after the sum, in order (empty on a single-channel analyzer).
    let channels: [Group]
    let mark: String?

    /// Whether PTDaemon marked the sample as an error (−1) or missed (−2) on the sum or any channel:
    /// the sum then lacks a channel's power, so the whole sample is a gap.
    var markedValue: Double? {
        ([watts] + channels.compactMap(\.watts)).first { $0 == -1 || $0 == -2 }
    }

    /// The largest voltage and current of the sum and every channel (a ranging pass fixes the ranges at them).
    var largestVolts: Double? { ([volts] + channels.map(\.volts)).compactMap { $0 }.filter { $0 > 0 }.max() }
    var largestAmps: Double? { ([amps] + channels.map(\.amps)).compactMap { $0 }.filter { $0 > 0 }.max() }

    /// Parses a line; the failure says why the line is unusable.
    static func parse(_ line: String) -> Result<PtdLogLine, ReplyProblem> {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        let quoted = "'\(line.prefix(80))'"
        guard fields.count >= 4, fields[0] == "Time", let timeNs = PtdTime.nanoseconds(String(fields[1])) else {
            return .failure(ReplyProblem("log line has no readable Time first: \(quoted)"))
        }
        var groups: [Group] = []
        var mark: String?
        var index = 2
        while index < fields.count {
            let key = fields[index]
            if key.hasPrefix("Ch"), Int(key.dropFirst(2)) != nil {
                index += 1
                continue
            }
            guard index + 1 < fields.count else {
                return .failure(ReplyProblem("log line ends with a key without a value: \(quoted)"))
            }
            let text = fields[index + 1]
            let value = Double(text).flatMap { $0.isFinite ? $0 : nil }
            switch key {
            case "Mark": mark = String(text)
            case "Watts": groups.append(Group(watts: value))
            case "Volts" where !groups.isEmpty: groups[groups.count - 1].volts = value
            case "Amps" where !groups.isEmpty: groups[groups.count - 1].amps = value
            default: break
            }
            index += 2
        }
        guard let sum = groups.first, let watts = sum.watts else {
            return .failure(ReplyProblem("log line has no finite Watts: \(quoted)"))
        }
        return .success(
            PtdLogLine(
                timeNs: timeNs, watts: watts, volts: sum.volts, amps: sum.amps, channels: Array(groups.dropFirst()),
                mark: mark))
    }
}
