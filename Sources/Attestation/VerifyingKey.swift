import Crypto
import Foundation

/// An Ed25519 public key that verifies attestations, identified by ``keyID``.
///
/// Stored on disk as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the form `openssl pkey -pubout` writes.
public struct VerifyingKey: Sendable, Hashable {
    /// The raw 32-byte key (RFC 8032 encoding); bytes rather than a Crypto object so the type is `Sendable`.
    public let rawRepresentation: Data

    /// A key from its raw 32-byte encoding (RFC 8032).
    /// - Throws: `invalidKey` if `raw` is not 32 bytes.
    public init(rawRepresentation raw: Data) throws(AttestationError) {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw AttestationError(.invalidKey, "an Ed25519 public key is 32 bytes, got \(raw.count)")
        }
        self.rawRepresentation = Data(raw)
    }

    /// A key from PEM text holding exactly one `PUBLIC KEY` (SPKI) block.
    /// - Throws: `invalidKey` with what was found instead.
    public init(pem: String) throws(AttestationError) {
        let blocks = try PEMBlock.parseAll(pem).filter { $0.label == "PUBLIC KEY" }
        guard blocks.count == 1 else {
            throw AttestationError(
                .invalidKey,
                "expected exactly one \"PUBLIC KEY\" PEM block, found \(blocks.count); "
                    + "use KeyFiles.loadVerifyingKeys for files holding several keys")
        }
        try self.init(spki: blocks[0].der)
    }

    /// A key from SPKI DER.
    /// - Throws: `invalidKey` if the DER is not an Ed25519 SubjectPublicKeyInfo.
    init(spki der: Data) throws(AttestationError) {
        guard let raw = Ed25519DER.rawPublicKey(fromSPKI: der) else {
            throw AttestationError(
                .invalidKey,
                "the public key is not an Ed25519 SubjectPublicKeyInfo (RFC 8410); "
                    + "only Ed25519 keys are accepted, e.g. from `openssl pkey -in KEY -pubout`")
        }
        try self.init(rawRepresentation: raw)
    }

    /// The SubjectPublicKeyInfo DER encoding.
    public var spkiDER: Data {
        Ed25519DER.spki(rawPublicKey: rawRepresentation)
    }

    /// The key as SPKI PEM text (`-----BEGIN PUBLIC KEY-----`), readable by `openssl pkey -pubin`.
    public var pem: String {
        PEMBlock(label: "PUBLIC KEY", der: spkiDER).text
    }

    /// Lowercase hex SHA-256 of the SPKI DER; equal to
    /// `openssl pkey -pubin -in KEY.pub -outform DER | sha256sum`.
    public var keyID: String {
        Hex.encode(SHA256.hash(data: spkiDER))
    }

    /// Whether `signature` is a valid Ed25519 signature of `data` by this key.
    public func isValidSignature(_ signature: Data, for data: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: data)
    }
}
