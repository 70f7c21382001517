import Yams

/// Lexical checks and syntax-error mapping for YAML text, so every problem has a line.
enum YAMLSyntax {
    /// One diagnostic per line whose indentation contains a tab (YAML indents with spaces only).
    static func tabIndentation(in text: String, file: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            if let tab = indentation.firstIndex(of: "\t") {
                found.append(
                    Diagnostic(
                        file: file, line: index + 1, column: line.distance(from: line.startIndex, to: tab) + 1,
                        message: "tab character in indentation; YAML indents with spaces only"))
            }
        }
        return found
    }

    /// The diagnostic for an error thrown by `Yams.compose`, at the line libyaml reported.
    static func diagnostic(for error: any Error, file: String) -> Diagnostic {
        guard let error = error as? YamlError else {
            return Diagnostic(file: file, line: 0, column: 0, message: "cannot parse YAML: \(error)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, let yaml):
            let (line, column) = position(ofOffset: offset ?? 0, in: yaml)
            return Diagnostic(
                file: file, line: line, column: column, message: "cannot read YAML: \(problem); save the file as UTF-8")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(keys) in the same mapping; each key may appear once")
        default:
            return Diagnostic(file: file, line: 0, column: 0, message: "cannot parse YAML: \(error)")
        }
    }

    private static func position(ofOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.utf8.prefix(offset) {
            if character == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
