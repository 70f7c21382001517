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
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        appendCanonical(to: &output)
        return Data(output)
    }

    /// The canonical serialization as a `String` (see ``canonicalData()``).
    public func canonicalString() -> String {
        var output: [UInt8] = []
        appendCanonical(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the canonical UTF-8 bytes (written as bytes: a publish canonicalises a whole report).
    private func appendCanonical(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value):
            output.append(contentsOf: String(value).utf8)
        case .number(let value):
            output.append(contentsOf: ECMAScriptNumber.format(value).utf8)
        case .string(let value):
            Self.appendCanonical(string: value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in Self.sortedKeys(members).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendCanonical(string: key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The keys in RFC 8785 order: by UTF-16 code units. UTF-8 byte order is code point order,
    /// which is the same unless a key holds a character from U+E000 up (lead byte 0xEE or more,
    /// where a surrogate pair sorts below U+E000…U+FFFF); such keys are compared as UTF-16.
    static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        let keys = Array(members.keys)
        let utf8Order = keys.allSatisfy { key in key.utf8.allSatisfy { $0 < 0xEE } }
        if utf8Order {
            return keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        return keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    private static func appendCanonical(string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case 0x08: output.append(contentsOf: "\\b".utf8)
            case 0x0C: output.append(contentsOf: "\\f".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case let control where control < 0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: "\\u00".utf8)
                output.append(hex[Int(control >> 4)])
                output.append(hex[Int(control & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
