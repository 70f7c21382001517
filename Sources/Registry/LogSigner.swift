import Attestation
import Crypto
import Foundation
import Transparency

/// The registry's tree-head key and the log's name (its origin).
public struct LogSigner: Sendable {
    /// The log's name, the first line of every tree head.
    public let origin: String
    private let seed: Data
    /// The public half, as clients pin it.
    public let key: TreeHeadKey
    /// Seals what the registry derives from a bundle at publish and keeps beside it (the comparison
    /// fields, the listing fields): derived from the tree-head key, so only the registry can seal.
    private let sealKey: Data

    /// Creates a signer from an Ed25519 key (an `aitc keys generate` key file).
    public init(origin: String, key signingKey: SigningKey) throws(TransparencyError) {
        self.origin = origin
        self.seed = signingKey.rawRepresentation
        self.key = try TreeHeadKey(name: origin, publicKey: Array(signingKey.publicKey.rawRepresentation))
        self.sealKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: signingKey.rawRepresentation),
            info: Data("aitc registry: seal of the fields kept beside an entry, v1".utf8), outputByteCount: 32
        ).withUnsafeBytes { Data($0) }
    }

    /// The seal (HMAC-SHA-256, hex) of `fields` kept for the entry at `leafIndex` whose bundle has
    /// this SHA-256: a seal of one entry's fields does not fit another's, nor another `part`.
    func seal(
        _ fields: String, leafIndex: UInt64, bundleSHA256: String, part: SealedPart = .comparisonFields
    ) -> String {
        Hex.encode(
            HMAC<SHA256>.authenticationCode(
                for: Self.sealed(fields, leafIndex, bundleSHA256, part), using: SymmetricKey(data: sealKey)))
    }

    /// Whether `seal` is this registry's seal of `fields` (as `part`) for that entry.
    func isSeal(
        _ seal: String, of fields: String, leafIndex: UInt64, bundleSHA256: String,
        part: SealedPart = .comparisonFields
    ) -> Bool {
        guard let code = Hex.decode(seal) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            code, authenticating: Self.sealed(fields, leafIndex, bundleSHA256, part),
            using: SymmetricKey(data: sealKey))
    }

    /// The sealed message. A label never starts with a digit, a leaf index always does: unambiguous.
    private static func sealed(
        _ fields: String, _ leafIndex: UInt64, _ bundleSHA256: String, _ part: SealedPart
    ) -> Data {
        Data(((part.rawValue.isEmpty ? "" : part.rawValue + "\n") + "\(leafIndex)\n\(bundleSHA256)\n\(fields)").utf8)
    }

    /// Signs the head of `tree` at its current size, stamped now.
    func sign(_ tree: MerkleTree, now: Date = Date()) throws(TransparencyError) -> SignedTreeHead {
        let head = TreeHead(
            origin: origin, treeSize: tree.size, rootHash: try tree.rootHash(treeSize: tree.size),
            timestampMilliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
        return try SignedTreeHead(signing: head, seed: seed)
    }
}
