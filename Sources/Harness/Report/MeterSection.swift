import Conformance

/// An energy meter used (or the lack of one).
public struct MeterSection: Codable, Sendable, Equatable {
    /// The meter as the lab named it (`ptd://host:8888`, an on-device counter's name).
    public let name: String
    /// How the meter measures (``MeterKind``: `external`, `on-device`, `software-estimate`).
    public let kind: String
    /// The meter's stated accuracy, or why there is none.
    public let uncertainty: String
    /// The instrument's identify reply (or the driver's description), when it was identified.
    public let model: String?
    /// Why the meter gave no figure at all (not reachable, refused), when so.
    public let unusable: String?

    /// Creates a meter entry.
    public init(name: String, kind: String, uncertainty: String, model: String? = nil, unusable: String? = nil) {
        self.name = name
        self.kind = kind
        self.uncertainty = uncertainty
        self.model = model
        self.unusable = unusable
    }
}
