/// One problem found in a standard file, located by file, line and column.
///
/// Prints as `file:line: message` (or `file: message` when the problem has no line, such as a
/// missing file), the format `aitc standards lint` and compilers use.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The path of the file, as given to the loader (joined with the file name for directories).
    public let file: String
    /// 1-based line of the offending node; 0 when the problem concerns the whole file.
    public let line: Int
    /// 1-based column of the offending node; 0 when unknown.
    public let column: Int
    /// What is wrong and, where possible, what to write instead.
    public let message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: message`, or `file: message` without a line.
    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
