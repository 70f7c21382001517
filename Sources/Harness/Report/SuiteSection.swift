import Conformance

/// The suite a report was produced with.
public struct SuiteSection: Codable, Sendable, Equatable {
    /// The suite's id.
    public let id: String
    /// Its version.
    public let version: String
    /// Its title.
    public let title: String
    /// SHA-256 of the suite file.
    public let sha256: String
    /// The device class it certifies.
    public let deviceClass: String
}
