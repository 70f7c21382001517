/// The error thrown when standard files cannot be loaded; carries every problem found.
///
/// Compare errors by ``code``; print with `String(describing:)` for one `file:line: message`
/// line per diagnostic.
public struct StandardsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kinds of standards errors.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: Sendable, Hashable {
            case invalidStandards
        }

        private let backing: Backing

        private init(_ backing: Backing) {
            self.backing = backing
        }

        /// One or more files are missing, unreadable, malformed or invalid.
        public static let invalidStandards = Code(.invalidStandards)

        /// The code's name.
        public var description: String {
            switch backing {
            case .invalidStandards: "invalidStandards"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// Every problem found, in file order.
    public let diagnostics: [Diagnostic]

    private init(code: Code, diagnostics: [Diagnostic]) {
        self.code = code
        self.diagnostics = diagnostics
    }

    /// The standards are invalid; `diagnostics` says where and why.
    public static func invalidStandards(_ diagnostics: [Diagnostic]) -> StandardsError {
        StandardsError(code: .invalidStandards, diagnostics: diagnostics)
    }

    /// A summary line followed by one `file:line: message` line per diagnostic.
    public var description: String {
        let count = diagnostics.count
        let head = "\(count) problem\(count == 1 ? "" : "s") in the standard files (run `aitc standards lint`):"
        return ([head] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
