import Foundation

/// An in-toto Statement v1: subjects (what it is about) plus a typed predicate (what it says).
///
/// See <https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md>.
public struct InTotoStatement: Codable, Sendable, Equatable {
    /// The `_type` of every v1 statement.
    public static let statementType = "https://in-toto.io/Statement/v1"

    /// The statement type, serialized as `_type`.
    public var type: String
    /// The artifacts the statement is about.
    public var subject: [ResourceDescriptor]
    /// A URI naming the predicate's schema.
    public var predicateType: String
    /// The predicate, kept as exact JSON.
    public var predicate: JSONValue

    private enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// Creates a v1 statement.
    public init(subject: [ResourceDescriptor], predicateType: String, predicate: JSONValue) {
        self.type = Self.statementType
        self.subject = subject
        self.predicateType = predicateType
        self.predicate = predicate
    }

    /// The statement as a JSON object.
    public var jsonValue: JSONValue {
        .object([
            "_type": .string(type),
            "subject": .array(subject.map(\.jsonValue)),
            "predicateType": .string(predicateType),
            "predicate": predicate,
        ])
    }

    /// The RFC 8785 canonical serialization; this is the DSSE payload.
    public func canonicalData() -> Data {
        jsonValue.canonicalData()
    }

    /// Reads a statement from JSON without judging `_type` or `predicateType` values.
    /// - Throws: `malformedStatement` naming the missing or mistyped field.
    public init(jsonValue: JSONValue) throws(AttestationError) {
        guard jsonValue.objectValue != nil else {
            throw AttestationError(.malformedStatement, "the payload is not a JSON object, so not an in-toto statement")
        }
        guard let type = jsonValue["_type"]?.stringValue else {
            throw AttestationError(.malformedStatement, "the statement has no string \"_type\"")
        }
        guard let predicateType = jsonValue["predicateType"]?.stringValue else {
            throw AttestationError(.malformedStatement, "the statement has no string \"predicateType\"")
        }
        guard let subjects = jsonValue["subject"]?.arrayValue else {
            throw AttestationError(.malformedStatement, "the statement has no \"subject\" array")
        }
        var subject: [ResourceDescriptor] = []
        for element in subjects {
            subject.append(try ResourceDescriptor(jsonValue: element))
        }
        self.type = type
        self.subject = subject
        self.predicateType = predicateType
        self.predicate = jsonValue["predicate"] ?? .null
    }
}
