import Attestation
import Crypto
import X509

/// aitc's keys (Ed25519 or P-256) as swift-certificates keys, and the signature algorithm each
/// signs certificates with (Ed25519, or ECDSA with SHA-256).
enum CertificateKeys {
    /// The private key as an X.509 issuer key.
    static func privateKey(_ key: SigningKey) throws -> Certificate.PrivateKey {
        switch key.algorithm {
        case .ed25519:
            return Certificate.PrivateKey(try Curve25519.Signing.PrivateKey(rawRepresentation: key.rawRepresentation))
        case .p256: return Certificate.PrivateKey(try P256.Signing.PrivateKey(rawRepresentation: key.rawRepresentation))
        }
    }

    /// The public key as a certificate's subject key.
    static func publicKey(_ key: VerifyingKey) throws -> Certificate.PublicKey {
        switch key.algorithm {
        case .ed25519:
            return Certificate.PublicKey(try Curve25519.Signing.PublicKey(rawRepresentation: key.rawRepresentation))
        case .p256: return Certificate.PublicKey(try P256.Signing.PublicKey(x963Representation: key.rawRepresentation))
        }
    }

    /// The algorithm a certificate signed by `key` names.
    static func signatureAlgorithm(of key: SigningKey) -> Certificate.SignatureAlgorithm {
        switch key.algorithm {
        case .ed25519: return .ed25519
        case .p256: return .ecdsaWithSHA256
        }
    }
}
