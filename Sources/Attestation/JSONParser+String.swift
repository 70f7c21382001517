import Foundation

extension JSONParser {
    /// Parses a string starting at its opening quote, validating UTF-8 and surrogate pairs.
    ///
    /// Works on bytes: a string without escapes is validated and made in one step; escapes are
    /// decoded into a byte buffer with the raw runs around them. Escapes always produce whole UTF-8
    /// sequences, so validating the buffer is the same as validating each raw run.
    mutating func parseString() throws(AttestationError) -> String {
        position += 1  // opening quote
        let start = position
        var decoded: [UInt8] = []
        var escaped = false
        var runStart = position
        while true {
            guard position < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text: String?
                if escaped {
                    decoded.append(contentsOf: bytes[runStart..<position])
                    text = String(validating: decoded, as: UTF8.self)
                } else {
                    text = String(validating: bytes[start..<position], as: UTF8.self)
                }
                guard let text else { throw failure("string is not valid UTF-8") }
                position += 1
                return text
            }
            if byte < 0x20 {
                throw failure("control character U+00\(Self.hex2(byte)) must be escaped in a string")
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                decoded.append(contentsOf: bytes[runStart..<position])
                position += 1
                decoded.append(contentsOf: String(try parseEscape()).utf8)
                runStart = position
                continue
            }
            position += 1
        }
    }

    private mutating func parseEscape() throws(AttestationError) -> Unicode.Scalar {
        guard let byte = peek() else { throw failure("unterminated escape sequence") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800...0xDBFF).contains(first) {
                guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                    throw failure("lone high surrogate \\u\(String(first, radix: 16))")
                }
                position += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw failure("high surrogate not followed by a low surrogate")
                }
                let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(value)!
            }
            guard let scalar = Unicode.Scalar(first) else {
                throw failure("lone low surrogate \\u\(String(first, radix: 16))")
            }
            return scalar
        default:
            position -= 1
            throw failure("invalid escape '\\\(Self.describe(byte))'")
        }
    }

    private mutating func parseHex4() throws(AttestationError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexDigit(byte) else {
                throw failure("\\u must be followed by four hex digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
