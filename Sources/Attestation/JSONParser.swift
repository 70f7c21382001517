import Foundation

/// A strict RFC 8259 / I-JSON (RFC 7493) parser producing ``JSONValue``.
///
/// Written by hand, rather than with `JSONSerialization`, so that integers stay exact,
/// duplicate keys and lone surrogates are rejected, and behaviour is the same on every platform.
struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    private var depth = 0
    private let maximumDepth: Int
    private let safeIntegersOnly: Bool

    init(bytes: [UInt8], maximumDepth: Int, safeIntegersOnly: Bool = false) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.safeIntegersOnly = safeIntegersOnly
    }

    /// Parses exactly one JSON value surrounded by optional whitespace.
    mutating func parseDocument() throws(AttestationError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected content after the JSON value") }
        return value
    }

    private mutating func parseValue() throws(AttestationError) -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character '\(Self.describe(byte))', expected a value")
        }
    }

    private mutating func parseObject() throws(AttestationError) -> JSONValue {
        try enterContainer()
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let keyStart = position
            let key = try parseString()
            guard members[key] == nil else {
                position = keyStart
                throw failure("duplicate object key \"\(key)\"")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after an object key")
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "expected ',' or '}' in an object")
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(AttestationError) -> JSONValue {
        try enterContainer()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "expected ',' or ']' in an array")
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseNumber() throws(AttestationError) -> JSONValue {
        let start = position
        var isIntegral = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else if let byte = peek(), Self.isDigit(byte) {
            skipDigits()
        } else {
            throw failure("expected a digit")
        }
        if peek() == UInt8(ascii: ".") {
            isIntegral = false
            position += 1
            guard let byte = peek(), Self.isDigit(byte) else { throw failure("expected a digit after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isIntegral = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek(), Self.isDigit(byte) else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isIntegral, safeIntegersOnly,
            (Int64(text)?.magnitude).map({ $0 > UInt64(JSONValue.maximumSafeInteger) }) ?? true
        {
            position = start
            throw AttestationError(
                .unsafeInteger,
                "the integer \(text) at \(location) is outside ±(2^53−1); RFC 8785 verifiers round it and would hash "
                    + "other bytes, so aitc neither signs nor accepts one — record it as a float or a string")
        }
        if isIntegral, let integer = Int64(text) {
            return .integer(integer)
        }
        guard let double = Double(text), double.isFinite else {
            position = start
            throw failure("number \(text) is out of the range of a 64-bit float")
        }
        return .number(double)
    }

    // MARK: - Helpers

    func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(AttestationError) {
        guard peek() == byte else { throw failure(message) }
        position += 1
    }

    private mutating func expectLiteral(_ literal: String) throws(AttestationError) {
        let start = position
        for expected in literal.utf8 {
            guard peek() == expected else {
                position = start
                throw failure("invalid literal, expected '\(literal)'")
            }
            position += 1
        }
    }

    private mutating func enterContainer() throws(AttestationError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw failure("nesting deeper than \(maximumDepth) levels")
        }
    }

    /// An `invalidJSON` error naming the line and column of the current position.
    func failure(_ message: String) -> AttestationError {
        AttestationError(.invalidJSON, "invalid JSON at \(location): \(message)")
    }

    /// "line L, column C" of the current position.
    var location: String {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(position, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "line \(line), column \(column)"
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func hex2(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return hex.count == 1 ? "0" + hex : hex
    }

    static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x" + hex2(byte)
    }
}
