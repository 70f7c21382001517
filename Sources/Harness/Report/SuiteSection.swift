import Conformance

/// The suite a report was produced with.
public struct SuiteSection: Codable, Sendable, Equatable {
    public let id: String
    public let version: String
    public let title: String
    public let sha256: String
    public let deviceClass: String
}
