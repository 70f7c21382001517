/// PTDaemon's `Identify` reply, field by field:
/// `driver,interval_ms,watts,volts,amps,pf,energy,freq,accepted,version=V-CRC-YYYYMMDD,OS=…,mode=…,
/// accuracy,rangeset,channels[,rest]` (the capability and flag fields are 0/1). A reply a PTDaemon
/// 1.9.2 gave MLPerf (mlcommons/power-dev issue #166) has this layout, with four more fields after
/// the channels (two flags, a calibration date, the analyzer's own `*IDN?`). The fields are found
/// from the `version=` and `mode=` keys, so an `OS=` text holding commas does not shift them; what
/// the flags mean is SPEC's (not public) and is to be confirmed on a lab's first install.
public struct PtdIdentity: Sendable, Equatable, Codable {
    /// The analyzer driver and the analyzer's own identify string (`WT310E-YOKOGAWA,WT310E,…`).
    public let driver: String
    /// The daemon's averaging interval, in ms.
    public let intervalMs: Int
    /// Whether SPEC accepts the analyzer for publication (flag 1); a dummy or unlisted analyzer is 0.
    public let accepted: Bool
    /// `version=` without the key, e.g. `1.11.1-1234abcd-20230101`.
    public let version: String
    /// `mode=` without the key: `power` or `temperature`.
    public let mode: String
    /// Whether the daemon estimates uncertainty (flag 1); without it `Uncertainty` says nothing.
    public let estimatesUncertainty: Bool
    /// Whether ranges can be set (flag 1).
    public let canSetRanges: Bool
    /// Number of measurement channels.
    public let channels: Int

    /// Parses the reply; the failure says what is missing.
    static func parse(_ reply: String) -> Result<PtdIdentity, ReplyProblem> {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        let quoted = "'\(reply.prefix(120))'"
        // version= follows the driver, the interval, the capability flags and the accepted flag;
        // mode= follows OS= (whose text may hold commas), then accuracy, range setting, channels.
        guard let version = fields.firstIndex(where: { $0.hasPrefix("version=") }), version >= 3,
            let mode = fields[version...].firstIndex(where: { $0.hasPrefix("mode=") }), mode > version + 1,
            fields[version + 1].hasPrefix("OS="), fields.count > mode + 3
        else {
            return .failure(
                ReplyProblem(
                    "the Identify reply \(quoted) does not read driver, interval, capabilities, accepted flag, version=, OS=, mode=, accuracy, range setting and channels in PTDaemon's order"
                ))
        }
        let flag = { (index: Int) -> Bool? in fields[index] == "1" ? true : fields[index] == "0" ? false : nil }
        guard !fields[0].isEmpty, let interval = Int(fields[1]), interval >= 0, let accepted = flag(version - 1),
            let accuracy = flag(mode + 1), let rangeset = flag(mode + 2), let channels = Int(fields[mode + 3]),
            channels >= 1
        else {
            return .failure(
                ReplyProblem("the Identify reply \(quoted) has a non-numeric interval, flag or channel count"))
        }
        return .success(
            PtdIdentity(
                driver: fields[0], intervalMs: interval, accepted: accepted,
                version: String(fields[version].dropFirst("version=".count)),
                mode: String(fields[mode].dropFirst("mode=".count)), estimatesUncertainty: accuracy,
                canSetRanges: rangeset, channels: channels))
    }

    /// What the report records about the daemon and its analyzer.
    public var summary: String {
        "PTDaemon \(version), driver \(driver), mode \(mode), \(channels) channel\(channels == 1 ? "" : "s"), "
            + (accepted ? "accepted by SPEC" : "NOT accepted by SPEC")
            + (estimatesUncertainty ? ", uncertainty estimated" : ", no uncertainty estimate")
    }
}
