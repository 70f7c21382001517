import Yams

/// Parses one entry of `clauses:`.
struct ClauseParser {
    let catalog: MetricCatalog

    static let keys = ["id", "title", "level", "applies_to", "requirements", "method", "source"]

    /// The clause when valid, and its id declaration whenever the id itself is readable.
    func parse(
        _ node: Node, position: Int, sink: inout DiagnosticSink
    ) -> (clause: Clause?, declaration: ParsedStandardFile.Declaration?) {
        let before = sink.diagnostics.count
        guard let fields = MappingFields(node, context: "clause #\(position)", required: Self.keys, sink: &sink)
        else { return (nil, nil) }
        var declaration: ParsedStandardFile.Declaration?
        var context = "clause #\(position)"
        if let idNode = fields.value("id"),
            let id = sink.string(idNode, key: fields.keyNode("id"), what: "'id' of \(context)")
        {
            if NumberSyntax.isClauseID(id) {
                declaration = .init(id: id, at: idNode)
                context = "clause \(id)"
            } else {
                sink.report(
                    "clause id '\(id)' must look like LAT-01: three capitals, '-', two digits, optional letter",
                    at: idNode)
            }
        }
        let title = sink.string("title", of: fields, context: context)
        let level = sink.choice("level", of: fields, context: context, as: RequirementLevel.self)
        let method = sink.string("method", of: fields, context: context)
        let source = sink.string("source", of: fields, context: context)
        let appliesTo = fields.value("applies_to").flatMap {
            ApplicabilityParser().parse($0, context: context, sink: &sink)
        }
        var requirements: [Requirement] = []
        if let node = fields.value("requirements"),
            let items = sink.sequence(node, key: fields.keyNode("requirements"), what: "'requirements' of \(context)")
        {
            let parser = RequirementParser(catalog: catalog)
            var seen: Set<String> = []
            for (index, item) in items.enumerated() {
                guard
                    let requirement = parser.parse(
                        item, context: "requirement #\(index + 1) of \(context)", appliesTo: appliesTo, sink: &sink)
                else { continue }
                if !seen.insert(requirement.metric).inserted {
                    sink.report("metric \(requirement.metric) appears twice in \(context); give it once", at: item)
                }
                requirements.append(requirement)
            }
        }
        guard sink.diagnostics.count == before, let declaration, let title, let level, let appliesTo,
            let method, let source
        else { return (nil, declaration) }
        let clause = Clause(
            id: declaration.id, title: title, level: level, appliesTo: appliesTo, requirements: requirements,
            method: method, source: source, line: node.mark?.line ?? 0)
        return (clause, declaration)
    }
}
