import Foundation
import Testing

@testable import Attestation

@Suite("JSONValue parsing")
struct JSONValueTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONValue(data: Data(text.utf8))
    }

    @Test("integers that fit in Int64 stay exact; others become doubles")
    func exactIntegers() throws {
        #expect(try parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(try parse("-9223372036854775808") == .integer(.min))
        #expect(try parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try parse("1.0") == .number(1))
    }

    @Test("subscripts and accessors")
    func accessors() throws {
        let value = try JSONValue(data: Fixtures.report)
        #expect(value["reportId"]?.stringValue == "R-0001")
        #expect(value["latencyMs"]?.doubleValue == 12.5)
        #expect(value["queries"]?.integerValue == 9_007_199_254_740_991)
        #expect(value["clauses"]?[1]?["id"]?.stringValue == "PRIV-2")
        #expect(value["missing"] == nil)
        #expect(value["clauses"]?[2] == nil)
    }

    @Test(
        "strict parsing rejects invalid JSON",
        arguments: [
            "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "1e400",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\x\"", "\"tab\there\"", "{\"a\":1,\"a\":2}", "[1] 2", "tru", "'a'",
        ])
    func rejects(text: String) {
        let error = #expect(throws: AttestationError.self) { try parse(text) }
        #expect(error?.code == .invalidJSON)
    }

    @Test("invalid UTF-8 inside a string is rejected")
    func invalidUTF8() {
        let bytes = Data([0x22, 0xC3, 0x28, 0x22])
        #expect(throws: AttestationError(.invalidJSON, "")) { try JSONValue(data: bytes) }
    }

    @Test(
        "strings are read byte for byte: escapes beside multi-byte text, a leading U+FEFF kept, bad UTF-8 around escapes refused",
        arguments: [
            ([0x22, 0xEF, 0xBB, 0xBF, 0x61, 0x22], "\u{FEFF}a"),
            ([0x22, 0x5C, 0x6E, 0xEF, 0xBB, 0xBF, 0x22], "\n\u{FEFF}"),
            (Array(#""é\u00e9\n😀\ud83d\ude00x""#.utf8), "éé\n😀😀x"),
            (Array(#""\\\"\/\b\f\r\t""#.utf8), "\\\"/\u{8}\u{C}\r\t"),
            (Array(#""""#.utf8), ""),
        ] as [([UInt8], String)])
    func stringBytes(bytes: [UInt8], expected: String) throws {
        #expect(try JSONValue(data: Data(bytes)) == .string(expected))
    }

    @Test(
        "invalid UTF-8 is refused before, between and after escapes, and as an encoded surrogate or overlong form",
        arguments: [
            [0x22, 0xC3, 0x5C, 0x6E, 0x22], [0x22, 0x5C, 0x6E, 0xA9, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
        ] as [[UInt8]])
    func invalidUTF8AroundEscapes(bytes: [UInt8]) {
        let error = #expect(throws: AttestationError.self) { try JSONValue(data: Data(bytes)) }
        #expect(error?.reason.contains("not valid UTF-8") == true)
    }

    @Test("error messages give line and column")
    func errorLocation() {
        let error = #expect(throws: AttestationError.self) { try parse("{\n  \"a\": tru\n}") }
        #expect(error?.reason.contains("line 2, column 8") == true)
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func depthLimit() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: AttestationError(.invalidJSON, "")) { try parse(text) }
        #expect(throws: Never.self) {
            try parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        }
    }

    @Test("Codable round trip through JSONEncoder keeps the value")
    func codable() throws {
        let value = try JSONValue(data: Fixtures.report)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
    }
}
