/// The error thrown by the ``Scorer`` when the suite and the standards disagree.
public struct ScoringError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kinds of scoring errors.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: Sendable, Hashable {
            case unknownClause
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// The suite names a clause id that no loaded standard defines.
        public static let unknownClause = Code(.unknownClause)

        /// The code's name.
        public var description: String {
            switch backing {
            case .unknownClause: "unknownClause"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// The offending clause id.
    public let clauseID: String
    private let detail: String

    private init(code: Code, clauseID: String, detail: String) {
        self.code = code
        self.clauseID = clauseID
        self.detail = detail
    }

    /// The suite names `clauseID`, which none of `standards` defines.
    public static func unknownClause(_ clauseID: String, standards: [String]) -> ScoringError {
        let loaded = standards.isEmpty ? "no standards are loaded" : "loaded: \(standards.joined(separator: ", "))"
        return ScoringError(
            code: .unknownClause, clauseID: clauseID,
            detail: "the suite names clause \(clauseID), which no loaded standard defines (\(loaded)); "
                + "fix the suite's clause list or load the standard that defines it")
    }

    /// The message, with what to do about it.
    public var description: String { detail }
}
