/// What a report records about an instrument: identity, uncertainty, and the evidence it kept.
public struct InstrumentReport: Codable, Sendable, Equatable {
    /// The instrument's name.
    public let name: String
    /// `energy-meter`, `network-capture`, `storage-scan`, ...
    public let kind: String
    /// Identity fields (model, serial, interface, ...), as the instrument reported them.
    public let identity: [String: String]
    /// Stated uncertainty, if the instrument has one.
    public let uncertainty: String?
    /// Files kept as evidence (pcap, sample logs), with their SHA-256.
    public let evidenceFiles: [AssetFile]
    /// Anything a reader must know (dropouts, reconnects, limits).
    public let notes: [String]
    /// The meters this instrument read, for the report's `meters[]` (energy instruments).
    public let meters: [MeterSection]?

    /// An entry with the instrument's name, kind, identity and evidence.
    public init(
        name: String, kind: String, identity: [String: String] = [:], uncertainty: String? = nil,
        evidenceFiles: [AssetFile] = [], notes: [String] = [], meters: [MeterSection]? = nil
    ) {
        self.name = name
        self.kind = kind
        self.identity = identity
        self.uncertainty = uncertainty
        self.evidenceFiles = evidenceFiles
        self.notes = notes
        self.meters = meters
    }
}
