/// PTDaemon's `Uncertainty` reply for the last measurement: `Uncertainty,avg,min,max,total,invalid,
/// valid,unknown` (seven values; on a multi-channel analyzer possibly one group per channel). Counts
/// are samples; a negative average means the daemon could not estimate one (auto ranging, an
/// analyzer without an uncertainty model).
///
/// The unit: a PTDaemon reply published by MLPerf (mlcommons/power-dev PR #273,
/// `Uncertainty,0.006264,0.006105,0.009201,692,0,692,0` for 23.5 W on a WT310's 0.5 A range) is a
/// fraction of the reading — read as percent it would be 0.006 %, far below that analyzer's 0.1 % of
/// reading. So a bare number is a fraction (0.0063 = 0.63 %); a number written with `%` is a
/// percentage. Reading a bare percentage as a fraction can only overstate U (never a false pass);
/// a bare value above 1 (over 100 % as a fraction) has no plausible unit, and the reply is refused:
/// the window then has no stated uncertainty.
public struct PtdUncertainty: Sendable, Equatable, Codable {
    /// The average uncertainty over the window, a fraction of the reading (negative: none estimated).
    public let average: Double
    /// The smallest per-sample uncertainty, a fraction of the reading.
    public let minimum: Double
    /// The largest per-sample uncertainty, a fraction of the reading.
    public let maximum: Double
    /// Samples in the window.
    public let total: Int
    /// Samples whose uncertainty the daemon judged invalid (outside the range's rated accuracy).
    public let invalid: Int
    /// Samples with a valid uncertainty.
    public let valid: Int
    /// Samples whose uncertainty the daemon could not estimate.
    public let unknown: Int

    /// Creates a statement.
    public init(average: Double, minimum: Double, maximum: Double, total: Int, invalid: Int, valid: Int, unknown: Int) {
        self.average = average
        self.minimum = minimum
        self.maximum = maximum
        self.total = total
        self.invalid = invalid
        self.valid = valid
        self.unknown = unknown
    }

    /// Parses the reply. A multi-channel analyzer may give one seven-value group per channel after
    /// the first: the statement is then the least favourable of them (the largest average and
    /// maximum, no estimate if any channel has none), with the first group's counts.
    static func parse(_ reply: String) -> Result<PtdUncertainty, ReplyProblem> {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        guard fields.first == "Uncertainty", fields.count >= 8, (fields.count - 1) % 7 == 0 else {
            return .failure(
                ReplyProblem(
                    "the Uncertainty reply '\(reply.prefix(120))' is not 'Uncertainty,avg,min,max,total,invalid,valid,unknown' (seven values per channel)"
                ))
        }
        var groups: [PtdUncertainty] = []
        for start in stride(from: 1, to: fields.count, by: 7) {
            let numbers = fields[start..<start + 3].compactMap(Self.fraction).filter(\.isFinite)
            let counts = fields[start + 3..<start + 7].compactMap { Int($0) }.filter { $0 >= 0 }
            guard numbers.count == 3, counts.count == 4 else {
                return .failure(
                    ReplyProblem("the Uncertainty reply '\(reply.prefix(120))' has a field that is not a number"))
            }
            groups.append(
                PtdUncertainty(
                    average: numbers[0], minimum: numbers[1], maximum: numbers[2], total: counts[0], invalid: counts[1],
                    valid: counts[2], unknown: counts[3]))
        }
        if let implausible = groups.flatMap({ [$0.average, $0.maximum] }).first(where: { $0 > 1 }) {
            return .failure(
                ReplyProblem(
                    "the Uncertainty reply '\(reply.prefix(120))' states \(implausible), which as a fraction of the reading is over 100 %: its unit is unclear, so the window has no stated uncertainty"
                ))
        }
        let first = groups[0]
        let unstated = groups.contains { $0.average < 0 }
        return .success(
            PtdUncertainty(
                average: unstated ? -1 : groups.map(\.average).max() ?? first.average,
                minimum: groups.map(\.minimum).min() ?? first.minimum,
                maximum: groups.map(\.maximum).max() ?? first.maximum, total: first.total,
                invalid: groups.map(\.invalid).max() ?? 0,
                valid: groups.map(\.valid).min() ?? 0, unknown: groups.map(\.unknown).max() ?? 0))
    }

    /// A field as a fraction of the reading: `0.0063` as is, `0.63%` divided by 100.
    static func fraction(_ field: String) -> Double? {
        guard field.hasSuffix("%") else { return Double(field) }
        return Double(field.dropLast().trimmingBlanks()).map { $0 / 100 }
    }

    /// Why the statement cannot bound the window's readings, or nil when it can.
    public var unusableReason: String? {
        if average < 0 {
            return "PTDaemon stated no uncertainty for the window (average \(average); auto ranging gives none)"
        }
        if unknown > 0 { return "PTDaemon could not estimate the uncertainty of \(unknown) of \(total) samples" }
        if valid == 0 { return "PTDaemon counted no sample with a valid uncertainty" }
        return nil
    }
}
