/// The signature algorithms of aitc's keys: lab keys, accreditation roots and trust files.
///
/// Ed25519 (RFC 8032, pure) signs the message itself; ECDSA P-256 signs its SHA-256 and writes the
/// signature as DER (RFC 3279 `Ecdsa-Sig-Value`), as Sigstore and `openssl pkeyutl -digest sha256` do.
public enum KeyAlgorithm: String, Sendable, Hashable, CaseIterable {
    case ed25519
    case p256

    /// The name people read ("Ed25519", "ECDSA P-256").
    public var displayName: String {
        switch self {
        case .ed25519: return "Ed25519"
        case .p256: return "ECDSA P-256"
        }
    }
}
