import Crypto
import Foundation

/// A public key that verifies attestations (Ed25519 or ECDSA P-256), identified by ``keyID``.
///
/// Stored on disk as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the form `openssl pkey -pubout` writes.
public struct VerifyingKey: Sendable, Hashable {
    /// The raw key: 32 bytes for Ed25519 (RFC 8032), the 65-byte uncompressed point (X9.63) for
    /// P-256; bytes rather than a Crypto object so the type is `Sendable`.
    public let rawRepresentation: Data
    /// The algorithm.
    public let algorithm: KeyAlgorithm

    /// An Ed25519 key from its raw 32-byte encoding (RFC 8032).
    /// - Throws: `invalidKey` if `raw` is not 32 bytes.
    public init(rawRepresentation raw: Data) throws(AttestationError) {
        try self.init(algorithm: .ed25519, rawRepresentation: raw)
    }

    /// A key of `algorithm` from its raw encoding (Ed25519: 32 bytes; P-256: X9.63 uncompressed point).
    /// - Throws: `invalidKey` if `raw` is not a key of that algorithm.
    public init(algorithm: KeyAlgorithm, rawRepresentation raw: Data) throws(AttestationError) {
        switch algorithm {
        case .ed25519:
            guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
                throw AttestationError(.invalidKey, "an Ed25519 public key is 32 bytes, got \(raw.count)")
            }
        case .p256:
            guard raw.count == 65, raw.first == 4, (try? P256.Signing.PublicKey(x963Representation: raw)) != nil else {
                throw AttestationError(.invalidKey, "a P-256 public key is a 65-byte uncompressed point on the curve")
            }
        }
        self.algorithm = algorithm
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
    /// - Throws: `invalidKey` if the DER is not an Ed25519 (RFC 8410) or P-256 (RFC 5480,
    ///   uncompressed point) SubjectPublicKeyInfo.
    init(spki der: Data) throws(AttestationError) {
        if let raw = Ed25519DER.rawPublicKey(fromSPKI: der) {
            try self.init(rawRepresentation: raw)
            return
        }
        // Only the exact encoding swift-crypto writes back: one curve, one point form.
        guard let key = try? P256.Signing.PublicKey(derRepresentation: der), key.derRepresentation == der else {
            throw AttestationError(
                .invalidKey,
                "the public key is not an Ed25519 (RFC 8410) or P-256 (RFC 5480) SubjectPublicKeyInfo; "
                    + "only these keys are accepted, e.g. from `openssl pkey -in KEY -pubout`")
        }
        try self.init(algorithm: .p256, rawRepresentation: key.x963Representation)
    }

    /// The SubjectPublicKeyInfo DER encoding.
    public var spkiDER: Data {
        switch algorithm {
        case .ed25519: return Ed25519DER.spki(rawPublicKey: rawRepresentation)
        // Validated on construction, so this cannot fail.
        case .p256: return try! P256.Signing.PublicKey(x963Representation: rawRepresentation).derRepresentation
        }
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

    /// Whether `signature` is a valid signature of `data` by this key (for P-256: ECDSA over
    /// SHA-256(`data`), DER-encoded).
    public func isValidSignature(_ signature: Data, for data: Data) -> Bool {
        switch algorithm {
        case .ed25519:
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else {
                return false
            }
            return key.isValidSignature(signature, for: data)
        case .p256:
            guard let key = try? P256.Signing.PublicKey(x963Representation: rawRepresentation),
                let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: data)
        }
    }
}
