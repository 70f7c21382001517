/// A problem in a YAML input file (a suite, the run rules, a device declaration), located at
/// `file:line`: what ``YAMLField``, the one YAML reader of the package, throws.
public struct SuiteError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The path of the file, as given to the loader.
    public let file: String
    /// 1-based line of the offending node.
    public let line: Int
    /// 1-based column of the offending node; 0 when unknown.
    public let column: Int
    /// What is wrong and, where possible, what to write instead.
    public let message: String

    /// Creates an error at `file:line` (column unknown).
    public init(file: String, line: Int, message: String) {
        self.init(file: file, line: line, column: 0, message: message)
    }

    /// Creates an error at `file:line:column`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file):\(line): \(message)" }
}

extension Diagnostic {
    /// The diagnostic `standards lint` prints for a problem the YAML reader threw.
    init(_ error: SuiteError) {
        self.init(file: error.file, line: error.line, column: error.column, message: error.message)
    }
}

extension SuiteError {
    /// The error for a problem the YAML syntax checks found (line 1 when they gave none).
    init(_ diagnostic: Diagnostic) {
        self.init(
            file: diagnostic.file, line: max(diagnostic.line, 1), column: diagnostic.column, message: diagnostic.message
        )
    }
}
