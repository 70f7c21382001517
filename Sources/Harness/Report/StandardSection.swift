import Conformance

/// A standard file a report was scored against.
public struct StandardSection: Codable, Sendable, Equatable {
    /// The standard's id.
    public let id: String
    /// Its family (`latency`, `energy`, `privacy`, `quality`).
    public let family: String
    /// Its version.
    public let version: String
    /// SHA-256 of the standard file the verdicts were derived from.
    public let sha256: String
}
