import Crypto
import Foundation

/// A private key that signs attestations: Ed25519 or ECDSA P-256 (``KeyAlgorithm``).
///
/// Stored on disk as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form `openssl genpkey
/// -algorithm ed25519` (or `-algorithm EC -pkeyopt ec_paramgen_curve:P-256`) writes and `openssl pkey` reads.
public struct SigningKey: Sendable {
    /// The algorithm.
    public let algorithm: KeyAlgorithm
    /// The Ed25519 seed or the P-256 scalar (32 bytes each); bytes rather than a Crypto key object
    /// so the type is `Sendable`.
    private let secret: Data

    private var ed25519: Curve25519.Signing.PrivateKey {
        // The seed was validated on construction, so this cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: secret)
    }

    private var p256: P256.Signing.PrivateKey {
        // The scalar was validated on construction, so this cannot fail.
        try! P256.Signing.PrivateKey(rawRepresentation: secret)
    }

    private init(algorithm: KeyAlgorithm, secret: Data) {
        self.algorithm = algorithm
        self.secret = Data(secret)
    }

    /// The 32-byte Ed25519 seed or P-256 scalar, for modules of this package that hand the key to
    /// another library (X.509); read ``algorithm`` first.
    package var rawRepresentation: Data { secret }

    /// A fresh random key from the system's secure random generator.
    public static func generate(algorithm: KeyAlgorithm = .ed25519) -> SigningKey {
        switch algorithm {
        case .ed25519: return SigningKey(algorithm: .ed25519, secret: Curve25519.Signing.PrivateKey().rawRepresentation)
        case .p256: return SigningKey(algorithm: .p256, secret: P256.Signing.PrivateKey().rawRepresentation)
        }
    }

    /// An Ed25519 key from its 32-byte seed (the RFC 8032 "private key").
    /// - Throws: `invalidKey` if `seed` is not 32 bytes.
    public init(rawRepresentation seed: Data) throws(AttestationError) {
        guard seed.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) != nil else {
            throw AttestationError(.invalidKey, "an Ed25519 private key seed is 32 bytes, got \(seed.count)")
        }
        self.init(algorithm: .ed25519, secret: seed)
    }

    /// A key from PKCS#8 PEM text holding exactly one `PRIVATE KEY` block.
    ///
    /// Accepts the plain PKCS#8 form and the RFC 5958 form that embeds the public key (which
    /// must then match the seed). Encrypted keys are not supported.
    /// - Throws: `invalidKey` with what was found instead.
    public init(pem: String) throws(AttestationError) {
        let blocks = try PEMBlock.parseAll(pem).filter { $0.label == "PRIVATE KEY" }
        guard blocks.count == 1 else {
            throw AttestationError(
                .invalidKey,
                "expected exactly one \"PRIVATE KEY\" PEM block, found \(blocks.count); "
                    + "create a key with `aitc keys generate --out PREFIX` or `openssl genpkey -algorithm ed25519`")
        }
        try self.init(pkcs8: blocks[0].der)
    }

    /// A key from PKCS#8 DER: Ed25519 (RFC 8410) or P-256 (RFC 5915 inside PKCS#8).
    /// - Throws: `invalidKey` if the DER is neither, or encrypted.
    init(pkcs8 der: Data) throws(AttestationError) {
        if let parsed = Ed25519DER.seed(fromPKCS8: der) {
            try self.init(rawRepresentation: parsed.seed)
            if let embedded = parsed.embeddedPublicKey, embedded != ed25519.publicKey.rawRepresentation {
                throw AttestationError(
                    .invalidKey,
                    "the private key's embedded public key does not match its seed; the key file is corrupt")
            }
            return
        }
        // P-256 only: swift-crypto refuses other curves.
        guard let key = try? P256.Signing.PrivateKey(derRepresentation: der) else {
            throw AttestationError(
                .invalidKey,
                "the private key is not an unencrypted Ed25519 or P-256 PKCS#8 key; "
                    + "convert it with `openssl pkey -in OLD -out NEW` (Ed25519 or P-256 only)")
        }
        self.init(algorithm: .p256, secret: key.rawRepresentation)
    }

    /// The key as PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`), readable by `openssl pkey`.
    public var pem: String {
        switch algorithm {
        case .ed25519: return PEMBlock(label: "PRIVATE KEY", der: Ed25519DER.pkcs8(seed: secret)).text
        case .p256: return PEMBlock(label: "PRIVATE KEY", der: p256.derRepresentation).text
        }
    }

    /// The matching public key.
    public var publicKey: VerifyingKey {
        // A key derived from a valid private key is always valid.
        switch algorithm {
        case .ed25519: return try! VerifyingKey(rawRepresentation: ed25519.publicKey.rawRepresentation)
        case .p256: return try! VerifyingKey(algorithm: .p256, rawRepresentation: p256.publicKey.x963Representation)
        }
    }

    /// The signature of `data`: 64 bytes for Ed25519 (RFC 8032, pure Ed25519); for P-256, ECDSA
    /// over SHA-256(`data`) in DER.
    /// - Throws: `signingFailed` if the crypto backend fails.
    public func signature(for data: Data) throws(AttestationError) -> Data {
        do {
            switch algorithm {
            case .ed25519: return try ed25519.signature(for: data)
            case .p256: return try p256.signature(for: data).derRepresentation
            }
        } catch {
            throw AttestationError(.signingFailed, "\(algorithm.displayName) signing failed: \(error)")
        }
    }
}
