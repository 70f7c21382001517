import Conformance

/// The lab that signed the report.
public struct LabSection: Codable, Sendable, Equatable {
    /// The lab's name as the signer gave it (and, with a lab certificate, as the certificate names it).
    public let name: String
    /// SHA-256 of the signing key's SubjectPublicKeyInfo.
    public let keyId: String

    /// The lab `name` signing with the key whose id is `keyId`.
    public init(name: String, keyId: String) {
        self.name = name
        self.keyId = keyId
    }
}
