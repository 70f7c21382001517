import Foundation
import Testing

@testable import Attestation

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        String(decoding: try JSONValue(data: Data(text.utf8)).canonicalData(), as: UTF8.self)
    }

    @Test("RFC 8785 §3.2.2 example: whitespace, numbers, escapes, literals")
    func rfcExample() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected =
            #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
    }

    @Test("RFC 8785 §3.2.3: keys sort by UTF-16 code units, not code points")
    func keyOrder() throws {
        let input = #"""
            {"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",
             "1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control",
             "\u00f6":"Latin Small Letter O With Diaeresis"}
            """#
        let output = try canonical(input)
        let keys = ["\\r", "1", "\u{80}", "ö", "€", "😀", "\u{FB33}"]
        let positions = keys.map { output.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order.
        #expect(output.range(of: "😀")!.lowerBound < output.range(of: "\u{FB33}")!.lowerBound)
    }

    @Test("key order: the UTF-8 shortcut agrees with UTF-16 order on keys from every Unicode range")
    func keyOrderShortcut() {
        let pool: [Unicode.Scalar] = [
            "a", "B", "~", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "€", "\u{D7FF}",
            "\u{E000}", "\u{FB33}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}",
        ]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            // Half the rounds stay below U+E000 (the UTF-8 path), half may not (the UTF-16 path).
            let choices = round % 2 == 0 ? Array(pool.prefix(10)) : pool
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 2...12, using: &generator) {
                var key = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 0...4, using: &generator) {
                    key.append(choices.randomElement(using: &generator)!)
                }
                members[String(key)] = .null
            }
            let expected = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            #expect(JSONValue.sortedKeys(members) == expected)
        }
    }

    @Test("control characters use short escapes or lowercase \\u00xx; others stay literal")
    func stringEscaping() {
        let value = JSONValue.string("\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\"\\/\u{7F}\u{2028}é😀")
        let expected = #""\u0000\u0001\b\t\n\f\r\u001f\"\\/"# + "\u{7F}\u{2028}é😀\""
        #expect(String(decoding: value.canonicalData(), as: UTF8.self) == expected)
    }

    @Test(
        "numbers print like ECMAScript Number.toString",
        arguments: [
            ("1e21", "1e+21"), ("1e20", "100000000000000000000"), ("1e-7", "1e-7"), ("1e-6", "0.000001"),
            ("0.1", "0.1"), ("-0", "0"), ("-0.0", "0"), ("0.0", "0"), ("100.0", "100"), ("1.5e-7", "1.5e-7"),
            ("123456789012345680000", "123456789012345680000"), ("-1.25e+300", "-1.25e+300"),
            ("9223372036854775807", "9223372036854775807"), ("-9223372036854775808", "-9223372036854775808"),
            ("18446744073709551616", "18446744073709552000"), ("9007199254740993", "9007199254740993"),
            ("2e0", "2"), ("0.5E1", "5"),
        ])
    func numbers(input: String, expected: String) throws {
        #expect(try canonical(input) == expected)
    }

    @Test(
        "RFC 8785 Appendix B IEEE 754 vectors",
        arguments: [
            (0x0000_0000_0000_0001, "5e-324"), (0x8000_0000_0000_0000, "0"),
            (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"), (0x4340_0000_0000_0000, "9007199254740992"),
            (0xC340_0000_0000_0000, "-9007199254740992"), (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"), (0x44B5_2D02_C7E1_4AF6, "1e+23"),
            (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"), (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
            (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"), (0x444B_1AE4_D6E2_EF50, "1e+21"),
            (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"), (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
            (0x41B3_DE43_5555_5553, "333333333.3333332"), (0x41B3_DE43_5555_5554, "333333333.33333325"),
            (0x41B3_DE43_5555_5555, "333333333.3333333"), (0x41B3_DE43_5555_5556, "333333333.3333334"),
            (0x41B3_DE43_5555_5557, "333333333.33333343"), (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
            (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
        ] as [(UInt64, String)])
    func ieeeVectors(bits: UInt64, expected: String) {
        #expect(JSONValue.number(Double(bitPattern: bits)).canonicalString() == expected)
    }

    @Test("non-finite numbers serialize as null, like JSON.stringify")
    func nonFinite() {
        #expect(JSONValue.array([.number(.nan), .number(.infinity)]).canonicalString() == "[null,null]")
    }

    @Test("canonicalization is idempotent and independent of input formatting")
    func idempotent() throws {
        let once = try JSONValue(data: Fixtures.report).canonicalData()
        let twice = try JSONValue(data: once).canonicalData()
        #expect(once == twice)
        let reordered = Data(#"{"decision":"conformant","reportId":"R-0001"}"#.utf8)
        let original = Data(#"{ "reportId" : "R-0001", "decision" : "conformant" }"#.utf8)
        #expect(try JSONValue(data: reordered).canonicalData() == JSONValue(data: original).canonicalData())
    }
}
