import Crypto
import Foundation

/// An Ed25519 private key that signs attestations.
///
/// Stored on disk as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form `openssl genpkey
/// -algorithm ed25519` writes and `openssl pkey` reads.
public struct SigningKey: Sendable {
    /// The 32-byte seed; kept as bytes (not a Crypto key object) so the type is `Sendable`.
    private let seed: Data

    private var key: Curve25519.Signing.PrivateKey {
        // The seed was validated on construction, so this cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.seed = key.rawRepresentation
    }

    /// The 32-byte seed, for modules of this package that hand the key to another library (X.509).
    package var rawRepresentation: Data { seed }

    /// A fresh random key from the system's secure random generator.
    public static func generate() -> SigningKey {
        SigningKey(key: Curve25519.Signing.PrivateKey())
    }

    /// A key from its 32-byte seed (the RFC 8032 "private key").
    /// - Throws: `invalidKey` if `seed` is not 32 bytes.
    public init(rawRepresentation seed: Data) throws(AttestationError) {
        guard seed.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) != nil else {
            throw AttestationError(.invalidKey, "an Ed25519 private key seed is 32 bytes, got \(seed.count)")
        }
        self.seed = Data(seed)
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

    /// A key from PKCS#8 DER.
    /// - Throws: `invalidKey` if the DER is not an unencrypted Ed25519 PKCS#8 key.
    init(pkcs8 der: Data) throws(AttestationError) {
        guard let parsed = Ed25519DER.seed(fromPKCS8: der) else {
            throw AttestationError(
                .invalidKey,
                "the private key is not an unencrypted Ed25519 PKCS#8 key; "
                    + "convert it with `openssl pkey -in OLD -out NEW` (Ed25519 only)")
        }
        try self.init(rawRepresentation: parsed.seed)
        if let embedded = parsed.embeddedPublicKey, embedded != key.publicKey.rawRepresentation {
            throw AttestationError(
                .invalidKey, "the private key's embedded public key does not match its seed; the key file is corrupt")
        }
    }

    /// The key as PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`), readable by `openssl pkey`.
    public var pem: String {
        PEMBlock(label: "PRIVATE KEY", der: Ed25519DER.pkcs8(seed: seed)).text
    }

    /// The matching public key.
    public var publicKey: VerifyingKey {
        // A key derived from a valid private key is always valid.
        try! VerifyingKey(rawRepresentation: key.publicKey.rawRepresentation)
    }

    /// The 64-byte Ed25519 signature (RFC 8032, pure Ed25519) of `data`.
    /// - Throws: `signingFailed` if the crypto backend fails.
    public func signature(for data: Data) throws(AttestationError) -> Data {
        do {
            return try key.signature(for: data)
        } catch {
            throw AttestationError(.signingFailed, "Ed25519 signing failed: \(error)")
        }
    }
}
