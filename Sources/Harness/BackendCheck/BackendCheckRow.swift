/// One line of `aitc backend check`: a rule of the backend ABI checked on one model.
public struct BackendCheckRow: Codable, Sendable, Equatable {
    /// The workload (or "-" for checks that are not about one suite model).
    public let workload: String
    /// The rule, e.g. "output info filled".
    public let rule: String
    /// Whether the backend kept the rule.
    public let passed: Bool
    /// What was seen, in a sentence.
    public let detail: String
}
