import Attestation
import Foundation

/// A JSON Schema (draft 2020-12) validator for the keywords the report schema uses: `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `minimum`,
/// `minItems`, `maxItems`, `pattern` and local `$ref` (`#/$defs/NAME`). A schema using any other keyword is
/// refused when loaded, so the published schema never says more than this validator checks.
public struct JSONSchema: Sendable {
    /// The schema document.
    public let document: JSONValue
    /// The same schema compiled once, for the fast answer on valid reports.
    private let compiled: CompiledSchema
    /// Its `$defs`, compiled.
    private let definitions: [String: CompiledSchema]

    private static let keywords: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
        "additionalProperties", "items", "enum", "const", "minimum", "minItems", "maxItems", "pattern",
    ]

    /// Loads a schema, refusing keywords this validator does not implement.
    public init(document: JSONValue) throws(DeskError) {
        self.document = document
        try Self.checkKeywords(document, at: "#")
        compiled = CompiledSchema(document)
        definitions = (document["$defs"]?.objectValue ?? [:]).mapValues(CompiledSchema.init)
    }

    private static func checkKeywords(_ schema: JSONValue, at path: String) throws(DeskError) {
        guard let members = schema.objectValue else { return }
        for (key, value) in members {
            guard keywords.contains(key) else {
                throw DeskError("the schema uses \"\(key)\" at \(path), which aitc's validator does not check")
            }
            switch key {
            case "properties", "$defs":
                for (name, sub) in value.objectValue ?? [:] { try checkKeywords(sub, at: "\(path)/\(key)/\(name)") }
            case "items", "additionalProperties":
                try checkKeywords(value, at: "\(path)/\(key)")
            default:
                break
            }
        }
    }

    /// Every violation of the schema by `value`, each as `JSONPATH: problem`; empty when valid.
    public func violations(of value: JSONValue) -> [String] {
        if compiled.accepts(value, definitions: definitions) { return [] }
        return namedViolations(of: value)
    }

    /// Every violation by the full walk, which names each value's path and visits members in a
    /// stable order (the answer for an invalid report, and the reference the fast check is tested against).
    func namedViolations(of value: JSONValue) -> [String] {
        var found: [String] = []
        check(value, against: document, at: "$", into: &found)
        return found
    }

    /// The keywords of one schema object, read in one pass over its members (a report has
    /// thousands of values; looking each keyword up by name was most of the validation's time).
    private struct Keywords {
        var ref, type, constant, options, minimum, pattern, required, properties, additional, minItems,
            maxItems, items: JSONValue?

        init(_ schema: JSONValue) {
            for (key, value) in schema.objectValue ?? [:] {
                switch key {
                case "$ref": ref = value
                case "type": type = value
                case "const": constant = value
                case "enum": options = value
                case "minimum": minimum = value
                case "pattern": pattern = value
                case "required": required = value
                case "properties": properties = value
                case "additionalProperties": additional = value
                case "minItems": minItems = value
                case "maxItems": maxItems = value
                case "items": items = value
                default: break
                }
            }
        }
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into found: inout [String]) {
        if found.count >= 20 { return }
        let keywords = Keywords(schema)
        if let reference = keywords.ref?.stringValue {
            guard reference.hasPrefix("#/$defs/"), let target = document["$defs"]?[String(reference.dropFirst(8))]
            else {
                found.append("\(path): unresolvable $ref \(reference)")
                return
            }
            check(value, against: target, at: path, into: &found)
            return
        }
        if let types = keywords.type {
            let allowed = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue ?? ""]
            guard allowed.contains(where: { Self.has(value, type: $0) }) else {
                found.append("\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))")
                return
            }
        }
        if let constant = keywords.constant, constant != value {
            found.append("\(path): must be \(constant.canonicalString()), found \(value.canonicalString())")
        }
        if let options = keywords.options?.arrayValue, !options.contains(value) {
            found.append(
                "\(path): \(value.canonicalString()) is not one of \(options.map { $0.canonicalString() }.joined(separator: ", "))"
            )
        }
        if let minimum = keywords.minimum?.doubleValue, let number = value.doubleValue, number < minimum {
            found.append("\(path): \(value.canonicalString()) is below the minimum \(minimum)")
        }
        if let pattern = keywords.pattern?.stringValue, let text = value.stringValue,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            found.append("\(path): \"\(text)\" does not match \(pattern)")
        }
        if let members = value.objectValue {
            for name in keywords.required?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                found.append("\(path): missing required member \"\(name)\"")
            }
            let properties = keywords.properties?.objectValue ?? [:]
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[name] {
                    check(member, against: sub, at: "\(path).\(name)", into: &found)
                } else if let additional = keywords.additional {
                    if additional == .bool(false) {
                        found.append("\(path): unexpected member \"\(name)\"")
                    } else if additional.objectValue != nil {
                        check(member, against: additional, at: "\(path).\(name)", into: &found)
                    }
                }
            }
        }
        if let elements = value.arrayValue {
            if let minimum = keywords.minItems?.integerValue, elements.count < minimum {
                found.append("\(path): \(elements.count) items, fewer than \(minimum)")
            }
            if let maximum = keywords.maxItems?.integerValue, elements.count > maximum {
                found.append("\(path): \(elements.count) items, more than \(maximum)")
            }
            if let itemSchema = keywords.items {
                for (index, element) in elements.enumerated() {
                    check(element, against: itemSchema, at: "\(path)[\(index)]", into: &found)
                }
            }
        }
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("number", .integer), ("number", .number), ("integer", .integer): return true
        case ("integer", .number(let double)): return double.rounded() == double
        default: return false
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
