extension WorkloadKind: Codable {
    /// Decodes a kind name, rejecting names outside ``WorkloadKind/known``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let value = WorkloadKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "unknown workload kind '\(name)'; known: \(WorkloadKind.known.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = value
    }

    /// Encodes the kind name as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
