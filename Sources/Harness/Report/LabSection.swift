import Conformance

/// The lab that signed the report.
public struct LabSection: Codable, Sendable, Equatable {
    public let name: String
    /// SHA-256 of the signing key's SubjectPublicKeyInfo.
    public let keyId: String

    public init(name: String, keyId: String) {
        self.name = name
        self.keyId = keyId
    }
}
