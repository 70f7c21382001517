import Attestation
import Foundation
import Transparency

/// The registry's tree-head key and the log's name (its origin).
public struct LogSigner: Sendable {
    /// The log's name, the first line of every tree head.
    public let origin: String
    private let seed: Data
    /// The public half, as clients pin it.
    public let key: TreeHeadKey

    /// Creates a signer from an Ed25519 key (an `aitc keys generate` key file).
    public init(origin: String, key signingKey: SigningKey) throws(TransparencyError) {
        self.origin = origin
        self.seed = signingKey.rawRepresentation
        self.key = try TreeHeadKey(name: origin, publicKey: Array(signingKey.publicKey.rawRepresentation))
    }

    /// Signs the head of `tree` at its current size, stamped now.
    func sign(_ tree: MerkleTree, now: Date = Date()) throws(TransparencyError) -> SignedTreeHead {
        let head = TreeHead(
            origin: origin, treeSize: tree.size, rootHash: try tree.rootHash(treeSize: tree.size),
            timestampMilliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
        return try SignedTreeHead(signing: head, seed: seed)
    }
}
