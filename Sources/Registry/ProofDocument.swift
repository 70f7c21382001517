import Attestation
import Foundation
import Transparency

/// An inclusion proof as the registry sends it and `aitc registry proof` saves it: enough to check
/// offline, with the registry's public key, that a bundle is entry `leaf_index` of the signed log.
public struct ProofDocument: Sendable, Hashable, Codable {
    /// `aitc.registry-inclusion/1`.
    public var format = ProofDocument.formatName
    /// SHA-256 of the bundle's bytes (lowercase hex).
    public let bundleSHA256: String
    /// The bundle's entry in the log (0-based).
    public let leafIndex: UInt64
    /// The size of the tree the proof and the head are for.
    public let treeSize: UInt64
    /// The audit path, lowercase hex, leaf first.
    public let path: [String]
    /// The signed tree head (C2SP signed note) whose root the path leads to.
    public let treeHead: String

    /// The format's name.
    public static let formatName = "aitc.registry-inclusion/1"

    enum CodingKeys: String, CodingKey {
        case format
        case bundleSHA256 = "bundle_sha256"
        case leafIndex = "leaf_index"
        case treeSize = "tree_size"
        case path
        case treeHead = "tree_head"
    }

    /// Creates a document from a proof and the head it leads to.
    public init(bundleSHA256: String, proof: InclusionProof, treeHead: SignedTreeHead) {
        self.bundleSHA256 = bundleSHA256
        self.leafIndex = proof.leafIndex
        self.treeSize = proof.treeSize
        self.path = proof.path.map(Hex.encode)
        self.treeHead = treeHead.note
    }

    /// Checks offline that `bundle` is in the log `key` signed: the head's signature, then the
    /// audit path from the bundle's leaf hash to the head's root.
    /// - Returns: the verified tree head.
    public func verify(bundle: Data, key: TreeHeadKey) throws(TransparencyError) -> TreeHead {
        guard format == Self.formatName else {
            throw TransparencyError("the proof's format is \"\(format)\", not \(Self.formatName)")
        }
        let head = try SignedTreeHead(note: treeHead, key: key).treeHead
        guard head.treeSize == treeSize else {
            throw TransparencyError(
                "the proof is for a tree of \(treeSize) entries but its signed head is for \(head.treeSize)")
        }
        guard Hex.encode(Array(SHA256Digest.of(bundle))) == bundleSHA256 else {
            throw TransparencyError("the proof is for another bundle (SHA-256 \(bundleSHA256.prefix(16))…)")
        }
        var hashes: [[UInt8]] = []
        for item in path {
            guard let bytes = Hex.decode(item) else {
                throw TransparencyError("the proof's path holds \"\(item.prefix(20))\", not hex")
            }
            hashes.append(bytes)
        }
        try InclusionProof(leafIndex: leafIndex, treeSize: treeSize, path: hashes)
            .verify(leafHash: MerkleHash.leaf(bundle), rootHash: head.rootHash)
        return head
    }
}
