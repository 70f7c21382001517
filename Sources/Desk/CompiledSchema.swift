import Attestation
import Foundation

/// A report schema turned, once, into a tree of checks: the fast yes/no answer behind
/// ``JSONSchema/violations(of:)`` for the common case of a valid report. It builds no path and
/// sorts no members; when it answers "no", ``JSONSchema`` walks the document again to name every
/// violation in a stable order, so its messages are those of the full walk.
///
/// It must never answer "yes" where the full walk finds a violation (`JSONSchemaTests` compares
/// the two on valid and mutated reports).
final class CompiledSchema: Sendable {
    /// What `additionalProperties` says.
    private enum Additional: Sendable {
        /// Absent, `true` or a non-schema value: other members are not checked.
        case unchecked
        /// `false`: no other member may appear.
        case forbidden
        /// A schema every other member must follow.
        case schema(CompiledSchema)
    }

    private let reference: String?
    private let types: [String]?
    private let constant: JSONValue?
    private let options: [JSONValue]?
    private let minimum: Double?
    private let pattern: String?
    private let expression: NSRegularExpressionBox?
    private let required: [String]
    private let properties: [String: CompiledSchema]
    private let additional: Additional
    private let minItems: Int64?
    private let maxItems: Int64?
    private let items: CompiledSchema?

    /// Compiles one schema object (and everything below it); `$ref` targets are compiled once, in `definitions`.
    init(_ schema: JSONValue) {
        var reference: String?
        var types: [String]?
        var constant: JSONValue?
        var options: [JSONValue]?
        var minimum: Double?
        var pattern: String?
        var required: [String] = []
        var properties: [String: CompiledSchema] = [:]
        var additional = Additional.unchecked
        var minItems: Int64?
        var maxItems: Int64?
        var items: CompiledSchema?
        for (key, value) in schema.objectValue ?? [:] {
            switch key {
            case "$ref": reference = value.stringValue
            case "type": types = value.arrayValue?.compactMap(\.stringValue) ?? [value.stringValue ?? ""]
            case "const": constant = value
            case "enum": options = value.arrayValue
            case "minimum": minimum = value.doubleValue
            case "pattern": pattern = value.stringValue
            case "required": required = value.arrayValue?.compactMap(\.stringValue) ?? []
            case "properties": properties = (value.objectValue ?? [:]).mapValues(CompiledSchema.init)
            case "additionalProperties":
                if value == .bool(false) {
                    additional = .forbidden
                } else if value.objectValue != nil {
                    additional = .schema(CompiledSchema(value))
                }
            case "minItems": minItems = value.integerValue
            case "maxItems": maxItems = value.integerValue
            case "items": items = CompiledSchema(value)
            default: break
            }
        }
        self.reference = reference
        self.types = types
        self.constant = constant
        self.options = options
        self.minimum = minimum
        self.pattern = pattern
        self.expression = pattern.flatMap(NSRegularExpressionBox.init)
        self.required = required
        self.properties = properties
        self.additional = additional
        self.minItems = minItems
        self.maxItems = maxItems
        self.items = items
    }

    /// Whether `value` follows this schema; `definitions` holds the compiled `$defs` by name.
    func accepts(_ value: JSONValue, definitions: [String: CompiledSchema]) -> Bool {
        if let reference {
            guard reference.hasPrefix("#/$defs/"), let target = definitions[String(reference.dropFirst(8))] else {
                return false
            }
            return target.accepts(value, definitions: definitions)
        }
        if let types, !types.contains(where: { JSONSchema.has(value, type: $0) }) { return false }
        if let constant, constant != value { return false }
        if let options, !options.contains(value) { return false }
        if let minimum, let number = value.doubleValue, number < minimum { return false }
        if pattern != nil, let text = value.stringValue {
            guard let expression, expression.matches(text) else { return false }
        }
        switch value {
        case .object(let members):
            for name in required where members[name] == nil { return false }
            for (name, member) in members {
                if let sub = properties[name] {
                    guard sub.accepts(member, definitions: definitions) else { return false }
                } else {
                    switch additional {
                    case .unchecked: break
                    case .forbidden: return false
                    case .schema(let sub): guard sub.accepts(member, definitions: definitions) else { return false }
                    }
                }
            }
        case .array(let elements):
            if let minItems, elements.count < minItems { return false }
            if let maxItems, elements.count > maxItems { return false }
            if let items {
                for element in elements where !items.accepts(element, definitions: definitions) { return false }
            }
        default:
            break
        }
        return true
    }
}
