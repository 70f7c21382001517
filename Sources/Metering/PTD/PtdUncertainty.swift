/// PTDaemon's `Uncertainty` reply for the last measurement: `Uncertainty,avg,min,max,total,invalid,
/// valid,unknown` (seven values per channel). The uncertainties are read as fractions of the reading
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

    /// Parses the first channel's group of the reply.
    static func parse(_ reply: String) -> Result<PtdUncertainty, ReplyProblem> {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        guard fields.first == "Uncertainty", fields.count >= 8 else {
            return .failure(ReplyProblem("the Uncertainty reply '\(reply.prefix(120))' is not 'Uncertainty,avg,min,max,total,invalid,valid,unknown'"))
        }
        let numbers = fields[1...3].compactMap { Double($0) }.filter(\.isFinite)
        let counts = fields[4...7].compactMap { Int($0) }.filter { $0 >= 0 }
        guard numbers.count == 3, counts.count == 4 else {
            return .failure(ReplyProblem("the Uncertainty reply '\(reply.prefix(120))' has a field that is not a number"))
        }
        return .success(PtdUncertainty(
            average: numbers[0], minimum: numbers[1], maximum: numbers[2], total: counts[0], invalid: counts[1],
            valid: counts[2], unknown: counts[3]))
    }

    /// Why the statement cannot bound the window's readings, or nil when it can.
    public var unusableReason: String? {
        if average < 0 { return "PTDaemon stated no uncertainty for the window (average \(average); auto ranging gives none)" }
        if unknown > 0 { return "PTDaemon could not estimate the uncertainty of \(unknown) of \(total) samples" }
        if valid == 0 { return "PTDaemon counted no sample with a valid uncertainty" }
        return nil
    }
}
