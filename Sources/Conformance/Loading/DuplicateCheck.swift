/// Reports standard ids and clause ids declared more than once, within or across files.
struct DuplicateCheck {
    /// One diagnostic per repeated declaration, at the repeat, naming the first one.
    func diagnostics(for files: [(file: String, parsed: ParsedStandardFile)]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var standards: [String: String] = [:]
        var clauses: [String: String] = [:]
        for (file, parsed) in files {
            if let standard = parsed.standardID {
                let here = "\(file):\(standard.line)"
                if let first = standards[standard.id] {
                    diagnostics.append(
                        .init(
                            file: file, line: standard.line, column: standard.column,
                            message: "duplicate standard id '\(standard.id)'; first defined at \(first)"))
                } else {
                    standards[standard.id] = here
                }
            }
            for clause in parsed.clauseIDs {
                let here = "\(file):\(clause.line)"
                if let first = clauses[clause.id] {
                    diagnostics.append(
                        .init(
                            file: file, line: clause.line, column: clause.column,
                            message:
                                "duplicate clause id '\(clause.id)'; first defined at \(first); clause ids are unique across all standard files"
                        ))
                } else {
                    clauses[clause.id] = here
                }
            }
        }
        return diagnostics
    }
}
