/// The overall outcome of a run against the standards.
public enum Decision: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The run completed and every applicable mandatory row passed.
    case conformant
    /// At least one mandatory row failed.
    case notConformant = "not-conformant"
    /// No mandatory row failed, but at least one could not be judged (or none was assessed).
    case inconclusive
    /// The run did not complete (device lost, aborted); nothing is decided.
    case incomplete
    /// Every applicable mandatory row passed, but in a mode that does not certify (quick): a
    /// self-test result, never a certification.
    case indicative

    /// The decision as written in reports.
    public var description: String { rawValue }
}
