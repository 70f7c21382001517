import Foundation

extension JSONParser {
    /// Parses a string starting at its opening quote, validating UTF-8 and surrogate pairs.
    mutating func parseString() throws(AttestationError) -> String {
        position += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun(_ end: Int) throws(AttestationError) {
            guard runStart < end else { return }
            guard let text = String(bytes: bytes[runStart..<end], encoding: .utf8) else {
                throw failure("string is not valid UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                try flushRun(position)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw failure("control character U+00\(Self.hex2(byte)) must be escaped in a string")
            }
            if byte == UInt8(ascii: "\\") {
                try flushRun(position)
                position += 1
                scalars.append(try parseEscape())
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
