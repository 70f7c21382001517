import Foundation
import Yams

extension DiagnosticSink {
    /// Reads `key` of `fields` as a non-empty string; reports and returns `nil` otherwise.
    mutating func string(_ key: String, of fields: MappingFields, context: String) -> String? {
        guard let value = fields.value(key) else { return nil }
        return string(value, key: fields.keyNode(key), what: "'\(key)' of \(context)")
    }

    /// Reads `node` as a non-empty string scalar; reports at the node (or its key when empty).
    mutating func string(_ node: Node, key: Node?, what: String) -> String? {
        if node.isNullScalar {
            report("\(what) is empty; give a value", at: key ?? node)
            return nil
        }
        guard case .scalar(let scalar) = node else {
            report("\(what) must be a string; found \(node.shapeName)", at: node)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            report("\(what) is empty; give a value", at: key ?? node)
            return nil
        }
        return text
    }

    /// Reads `key` of `fields` as one of the raw values of `T`; reports the allowed values otherwise.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ key: String, of fields: MappingFields, context: String, as type: T.Type
    ) -> T? where T.RawValue == String {
        guard let node = fields.value(key),
            let text = string(node, key: fields.keyNode(key), what: "'\(key)' of \(context)")
        else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: " | ")
            report("'\(key)' of \(context) is '\(text)'; expected one of \(allowed)", at: node)
            return nil
        }
        return value
    }

    /// Reads `node` as a non-empty sequence; reports and returns `nil` otherwise.
    mutating func sequence(_ node: Node, key: Node?, what: String) -> [Node]? {
        if node.isNullScalar {
            report("\(what) is empty; give a non-empty list", at: key ?? node)
            return nil
        }
        guard case .sequence(let sequence) = node else {
            report("\(what) must be a list; found \(node.shapeName)", at: node)
            return nil
        }
        guard !sequence.isEmpty else {
            report("\(what) is an empty list; give at least one entry", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// Reads `node` as a finite number written plainly (not quoted); reports otherwise.
    mutating func number(_ node: Node, what: String) -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            NumberSyntax.isDecimal(scalar.string), let value = Double(scalar.string), value.isFinite
        else {
            let shown = node.scalar.map { "'\($0.string)'" } ?? node.shapeName
            report("\(what) must be a plain finite number, e.g. 10 or 0.5; found \(shown)", at: node)
            return nil
        }
        return value
    }
}
