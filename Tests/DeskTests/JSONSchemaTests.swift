import Attestation
import Desk
import Foundation
import Testing

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
}
