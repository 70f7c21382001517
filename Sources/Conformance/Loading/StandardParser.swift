import Yams

/// Parses the text of one standard file into a ``ParsedStandardFile``, reporting every problem.
struct StandardParser {
    let file: String
    let catalog: MetricCatalog

    static let topLevelKeys = ["standard", "family", "version", "title", "clauses"]

    /// Parses `text`; never throws: problems become diagnostics of the result.
    func parse(_ text: String) -> ParsedStandardFile {
        var sink = DiagnosticSink(file: file)
        var result = ParsedStandardFile()
        let tabs = YAMLSyntax.tabIndentation(in: text, file: file)
        tabs.forEach { sink.append($0) }
        let root: Node?
        do {
            root = try YAMLField.document(text: text, file: file)?.node
        } catch {
            if !tabs.contains(where: { $0.line == error.line }) { sink.append(Diagnostic(error)) }
            result.diagnostics = sink.diagnostics
            return result
        }
        guard let root else {
            sink.append(
                Diagnostic(
                    file: file, line: 1, column: 1,
                    message: "file is empty; a standard needs the keys \(Self.topLevelKeys.joined(separator: ", "))"))
            result.diagnostics = sink.diagnostics
            return result
        }
        parseRoot(root, into: &result, sink: &sink)
        result.diagnostics = sink.diagnostics
        return result
    }

    private func parseRoot(_ root: Node, into result: inout ParsedStandardFile, sink: inout DiagnosticSink) {
        guard case .mapping = root else {
            sink.report(
                "the top level must be a mapping with keys \(Self.topLevelKeys.joined(separator: ", ")); found \(root.shapeName)",
                at: root)
            return
        }
        guard let fields = MappingFields(root, context: "the standard", required: Self.topLevelKeys, sink: &sink)
        else { return }
        if let node = fields.value("standard"),
            let id = sink.string(node, key: fields.keyNode("standard"), what: "'standard'")
        {
            if NumberSyntax.isStandardID(id) {
                result.standardID = .init(id: id, at: node)
            } else {
                sink.report("standard id '\(id)' must use only a-z, 0-9 and '-', e.g. aitc-latency", at: node)
            }
        }
        result.family = sink.choice("family", of: fields, context: "the standard", as: StandardFamily.self)
        if let node = fields.value("version"),
            let version = sink.string(node, key: fields.keyNode("version"), what: "'version'")
        {
            if NumberSyntax.isSemanticVersion(version) {
                result.version = version
            } else {
                sink.report("version '\(version)' is not a semantic version MAJOR.MINOR.PATCH, e.g. 0.1.0", at: node)
            }
        }
        result.title = sink.string("title", of: fields, context: "the standard")
        guard let node = fields.value("clauses"),
            let items = sink.sequence(node, key: fields.keyNode("clauses"), what: "'clauses'")
        else { return }
        let clauseParser = ClauseParser(catalog: catalog)
        for (index, item) in items.enumerated() {
            let parsed = clauseParser.parse(item, position: index + 1, sink: &sink)
            if let declaration = parsed.declaration { result.clauseIDs.append(declaration) }
            if let clause = parsed.clause { result.clauses.append(clause) }
        }
    }
}
