extension DeviceClass: Codable, CodingKeyRepresentable {
    /// Decodes a class name, rejecting names outside ``DeviceClass/known``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let value = DeviceClass(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "unknown device class '\(name)'; known: \(DeviceClass.known.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = value
    }

    /// Encodes the class name as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The class name as a dictionary key, so `[DeviceClass: Double]` encodes as a JSON object.
    public var codingKey: any CodingKey { VocabularyKey(stringValue: rawValue) }

    /// Reads a class from a dictionary key; `nil` for an unknown class.
    public init?<T: CodingKey>(codingKey: T) {
        self.init(rawValue: codingKey.stringValue)
    }
}
