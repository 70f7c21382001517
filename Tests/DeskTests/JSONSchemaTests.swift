import Attestation
import Foundation
import TestSupport
import Testing

@testable import Desk

/// Every keyword the validator implements refuses what it should, at the right path and in order
/// (the keywords are read in one pass over each schema object; this pins what each one does).
@Suite("JSON Schema keywords")
struct JSONSchemaTests {
    static let schema = #"""
        {"$defs": {"count": {"type": "integer", "minimum": 0}},
         "type": "object", "required": ["id", "n", "tags"],
         "properties": {
           "id": {"type": "string", "pattern": "^r-[0-9]+$"},
           "n": {"$ref": "#/$defs/count"},
           "kind": {"enum": ["a", "b"]},
           "v": {"const": 1},
           "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}},
           "extra": {"type": "object", "additionalProperties": {"type": "number"}},
           "closed": {"type": "object", "properties": {"x": {"type": "null"}}, "additionalProperties": false},
           "bad": {"$ref": "#/$defs/none"}
         }}
        """#

    @Test("each keyword's violation, with its path, in order; a valid value has none")
    func keywords() throws {
        let schema = try JSONSchema(document: JSONValue(data: Data(Self.schema.utf8)))
        let valid = #"{"id":"r-1","n":3,"kind":"a","v":1,"tags":["t"],"extra":{"q":1.5},"closed":{"x":null}}"#
        #expect(schema.violations(of: try JSONValue(data: Data(valid.utf8))).isEmpty)
        let invalid =
            #"{"id":"x-1","n":-2,"kind":"c","v":2,"tags":[1,"a","b"],"extra":{"q":"s"},"closed":{"y":1},"bad":0}"#
        #expect(
            schema.violations(of: try JSONValue(data: Data(invalid.utf8))) == [
                "$.bad: unresolvable $ref #/$defs/none",
                "$.closed: unexpected member \"y\"",
                "$.extra.q: expected number, found string",
                "$.id: \"x-1\" does not match ^r-[0-9]+$",
                "$.kind: \"c\" is not one of \"a\", \"b\"",
                "$.n: -2 is below the minimum 0.0",
                "$.tags: 3 items, more than 2",
                "$.tags[0]: expected string, found integer",
                "$.v: must be 1, found 2",
            ])
        #expect(
            schema.violations(of: try JSONValue(data: Data(#"{"tags":[]}"#.utf8))) == [
                "$: missing required member \"id\"", "$: missing required member \"n\"",
                "$.tags: 0 items, fewer than 1",
            ])
        #expect(schema.violations(of: .array([])) == ["$: expected object, found array"])
    }

    @Test("the compiled check never accepts what the full walk refuses: real reports and 2,400 mutations of them")
    func compiledAgreesWithTheWalk() throws {
        let fixture = try RealReports.fixture.get()
        let schema = try ReportSchema.schema()
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        for signed in fixture.signed {
            let report = try JSONValue(data: signed.report)
            #expect(schema.violations(of: report).isEmpty && schema.namedViolations(of: report).isEmpty)
            let paths = Self.paths(in: report)
            let replacements: [JSONValue] = [
                .null, .string("x"), .integer(-1), .number(1.5), .array([]), .object([:]), .bool(true),
                .object(["zz": .null]),
            ]
            for _ in 0..<100 {
                let path = paths.randomElement(using: &generator)!
                for replacement in replacements {
                    let mutated = Self.replacing(path[...], in: report, with: replacement)
                    let named = schema.namedViolations(of: mutated)
                    #expect(schema.violations(of: mutated) == named, "at \(path)")
                    if !named.isEmpty { refused += 1 }
                }
            }
        }
        // Not vacuous: most mutations of a report break its schema.
        #expect(refused > 1_000)
    }

    /// Every path (member names and array indices) in `value`, the root excluded.
    private static func paths(in value: JSONValue, prefix: [String] = []) -> [[String]] {
        switch value {
        case .object(let members):
            return members.flatMap { [prefix + [$0.key]] + paths(in: $0.value, prefix: prefix + [$0.key]) }
        case .array(let elements):
            return elements.indices.flatMap {
                [prefix + ["\($0)"]] + paths(in: elements[$0], prefix: prefix + ["\($0)"])
            }
        default:
            return []
        }
    }

    private static func replacing(_ path: ArraySlice<String>, in value: JSONValue, with new: JSONValue) -> JSONValue {
        guard let head = path.first else { return new }
        switch value {
        case .object(var members):
            members[head] = replacing(path.dropFirst(), in: members[head] ?? .null, with: new)
            return .object(members)
        case .array(var elements):
            let index = Int(head)!
            elements[index] = replacing(path.dropFirst(), in: elements[index], with: new)
            return .array(elements)
        default:
            return value
        }
    }
}
