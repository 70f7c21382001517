import Yams

/// The entries of one YAML mapping, checked against the keys its context allows.
///
/// Creating one reports unknown keys (at the key's line), missing required keys (at the
/// mapping's line), non-string keys, and a node that is not a mapping at all; the checks are the
/// YAML reader's (``YAMLField/entries(allowed:)``), collected rather than thrown.
struct MappingFields {
    /// The mapping node itself.
    let node: Node
    private let entries: [String: YAMLField]

    /// Reads `node` as a mapping in `context` ("clause LAT-01"); `nil` (reported) if it is not one.
    init?(
        _ node: Node,
        context: String,
        required: [String],
        optional: [String] = [],
        sink: inout DiagnosticSink
    ) {
        let field = sink.field(node, key: nil, what: context)
        guard
            let (fields, problems) = sink.read({ () throws(SuiteError) in
                try field.entries(allowed: required + optional)
            })
        else { return nil }
        problems.forEach { sink.append(Diagnostic($0)) }
        self.node = node
        entries = fields
        for name in required where entries[name] == nil {
            sink.report("\(context) is missing required key '\(name)'", at: node)
        }
    }

    /// The value of `key`, or `nil` when absent (already reported if required).
    func value(_ key: String) -> Node? {
        entries[key]?.node
    }

    /// The key node of `key`, for messages about the entry as a whole.
    func keyNode(_ key: String) -> Node? {
        entries[key]?.key
    }

    /// Whether the mapping has `key`.
    func has(_ key: String) -> Bool {
        entries[key] != nil
    }
}
