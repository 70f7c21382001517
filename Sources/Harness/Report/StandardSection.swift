import Conformance

/// A standard file a report was scored against.
public struct StandardSection: Codable, Sendable, Equatable {
    public let id: String
    public let family: String
    public let version: String
    public let sha256: String
}
