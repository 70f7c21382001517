import Yams

/// The entries of one YAML mapping, checked against the keys its context allows.
///
/// Creating one reports unknown keys (at the key's line), missing required keys (at the
/// mapping's line), non-string keys, and a node that is not a mapping at all.
struct MappingFields {
    /// The mapping node itself.
    let node: Node
    private var entries: [String: (key: Node, value: Node)] = [:]

    /// Reads `node` as a mapping in `context` ("clause LAT-01"); `nil` (reported) if it is not one.
    init?(
        _ node: Node,
        context: String,
        required: [String],
        optional: [String] = [],
        sink: inout DiagnosticSink
    ) {
        guard case .mapping(let mapping) = node else {
            sink.report("\(context) must be a mapping with keys \(required.joined(separator: ", ")); found \(node.shapeName)", at: node)
            return nil
        }
        self.node = node
        let allowed = required + optional
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                sink.report("\(context) has a key that is \(key.shapeName); keys must be plain names", at: key)
                continue
            }
            guard allowed.contains(scalar.string) else {
                sink.report(
                    "unknown key '\(scalar.string)' in \(context); allowed keys: \(allowed.joined(separator: ", "))",
                    at: key)
                continue
            }
            entries[scalar.string] = (key, value)
        }
        for name in required where entries[name] == nil {
            sink.report("\(context) is missing required key '\(name)'", at: node)
        }
    }

    /// The value of `key`, or `nil` when absent (already reported if required).
    func value(_ key: String) -> Node? {
        entries[key]?.value
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
