/// An in-toto v1 ResourceDescriptor: what a statement is about, named and identified by digest.
public struct ResourceDescriptor: Codable, Sendable, Equatable {
    /// A name for the resource, e.g. the report's file name.
    public var name: String
    /// Digests by algorithm, e.g. `["sha256": "<lowercase hex>"]`.
    public var digest: [String: String]

    /// Creates a descriptor.
    public init(name: String, digest: [String: String]) {
        self.name = name
        self.digest = digest
    }

    /// The descriptor as a JSON object.
    public var jsonValue: JSONValue {
        .object(["name": .string(name), "digest": .object(digest.mapValues { .string($0) })])
    }

    /// Reads a descriptor from a JSON object; unknown fields (`uri`, `annotations`, …) are ignored.
    /// - Throws: `malformedStatement` if `name` or `digest` is missing or not strings.
    public init(jsonValue: JSONValue) throws(AttestationError) {
        guard let name = jsonValue["name"]?.stringValue else {
            throw AttestationError(.malformedStatement, "a statement subject has no string \"name\"")
        }
        guard let members = jsonValue["digest"]?.objectValue else {
            throw AttestationError(.malformedStatement, "subject \"\(name)\" has no \"digest\" object")
        }
        var digest: [String: String] = [:]
        for (algorithm, value) in members {
            guard let hex = value.stringValue else {
                throw AttestationError(
                    .malformedStatement, "subject \"\(name)\" digest \"\(algorithm)\" is not a string")
            }
            digest[algorithm] = hex
        }
        self.init(name: name, digest: digest)
    }
}
