/// PTDaemon's `Uncertainty` reply for the last measurement: `Uncertainty,avg,min,max,total,invalid,
/// valid,unknown` (seven values; on a multi-channel analyzer possibly one group per channel). The uncertainties are read as fractions of the reading
/// (0.0012 = 0.12 %); a negative average means the daemon could not estimate one (auto ranging, an
/// analyzer without an uncertainty model). Counts are samples.
public struct PtdUncertainty: Sendable, Equatable, Codable {
    public let average: Double
    public let minimum: Double
    public let maximum: Double
    public let total: Int
    public let invalid: Int
    public let valid: Int
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
            let numbers = fields[start..<start + 3].compactMap { Double($0) }.filter(\.isFinite)
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
