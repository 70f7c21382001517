import Foundation

extension JSONValue {
    /// The RFC 8785 (JSON Canonicalization Scheme) serialization of this value, as UTF-8.
    ///
    /// Object keys are sorted by their UTF-16 code units, there is no whitespace, strings use
    /// the JCS escapes (only `"`, `\` and control characters are escaped), integers print
    /// without a fraction, and other numbers print as ECMAScript's shortest round-trip form
    /// (`1e+21`, `1e-7`, `0.1`, `-0` → `0`). Non-finite numbers, which JSON cannot carry,
    /// print as `null` as ECMAScript's `JSON.stringify` does.
    public func canonicalData() -> Data {
        var output = ""
        appendCanonical(to: &output)
        return Data(output.utf8)
    }

    /// The canonical serialization as a `String` (see ``canonicalData()``).
    public func canonicalString() -> String {
        var output = ""
        appendCanonical(to: &output)
        return output
    }

    private func appendCanonical(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .integer(let value):
            output += String(value)
        case .number(let value):
            output += ECMAScriptNumber.format(value)
        case .string(let value):
            Self.appendCanonical(string: value, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.appendCanonical(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                Self.appendCanonical(string: key, to: &output)
                output += ":"
                members[key]!.appendCanonical(to: &output)
            }
            output += "}"
        }
    }

    private static func appendCanonical(string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
