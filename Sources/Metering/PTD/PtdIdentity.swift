/// PTDaemon's `Identify` reply, field by field as SPEC's harness reads it:
/// `driver,interval_ms,watts,volts,amps,pf,energy,freq,accepted,version=V-CRC-YYYYMMDD,OS=…,mode=…,
/// accuracy,rangeset,channels[,rest]` (the capability and flag fields are 0/1).
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
        let fields = reply.split(separator: ",", maxSplits: 15, omittingEmptySubsequences: false).map {
            $0.trimmingBlanks()
        }
        let quoted = "'\(reply.prefix(120))'"
        guard fields.count >= 15 else {
            return .failure(
                ReplyProblem(
                    "the Identify reply \(quoted) has \(fields.count) fields, not the 15 SPEC's harness reads (driver, interval, capabilities, accepted flag, version, OS, mode, accuracy, range setting, channels)"
                ))
        }
        let flag = { (index: Int) -> Bool? in fields[index] == "1" ? true : fields[index] == "0" ? false : nil }
        guard let interval = Int(fields[1]), interval >= 0, let accepted = flag(8), let accuracy = flag(12),
            let rangeset = flag(13), let channels = Int(fields[14]), channels >= 1
        else {
            return .failure(
                ReplyProblem("the Identify reply \(quoted) has a non-numeric interval, flag or channel count"))
        }
        guard fields[9].hasPrefix("version="), fields[11].hasPrefix("mode=") else {
            return .failure(
                ReplyProblem(
                    "the Identify reply \(quoted) has no version= or mode= field where SPEC's harness reads them"))
        }
        return .success(
            PtdIdentity(
                driver: fields[0], intervalMs: interval, accepted: accepted,
                version: String(fields[9].dropFirst("version=".count)),
                mode: String(fields[11].dropFirst("mode=".count)), estimatesUncertainty: accuracy,
                canSetRanges: rangeset,
                channels: channels))
    }

    /// What the report records about the daemon and its analyzer.
    public var summary: String {
        "PTDaemon \(version), driver \(driver), mode \(mode), \(channels) channel\(channels == 1 ? "" : "s"), "
            + (accepted ? "accepted by SPEC" : "NOT accepted by SPEC")
            + (estimatesUncertainty ? ", uncertainty estimated" : ", no uncertainty estimate")
    }
}
