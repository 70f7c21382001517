/// How many scorecard rows have each verdict.
public struct VerdictCounts: Sendable, Hashable, Codable {
    /// Rows that passed.
    public let pass: Int
    /// Rows that failed.
    public let fail: Int
    /// Rows that could not be judged.
    public let inconclusive: Int
    /// Rows whose clause does not cover the device class.
    public let notApplicable: Int
    /// Rows measured with no bound for the device class (not passes).
    public let reportedOnly: Int

    /// Counts the verdicts of `rows`.
    public init(_ rows: [ClauseVerdict]) {
        pass = rows.count { $0.verdict == .pass }
        fail = rows.count { $0.verdict == .fail }
        inconclusive = rows.count { $0.verdict == .inconclusive }
        notApplicable = rows.count { $0.verdict == .notApplicable }
        reportedOnly = rows.count { $0.verdict == .reportedOnly }
    }

    enum CodingKeys: String, CodingKey {
        case pass, fail, inconclusive
        case notApplicable = "not_applicable"
        case reportedOnly = "reported_only"
    }
}
