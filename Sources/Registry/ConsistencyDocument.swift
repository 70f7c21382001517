import Attestation
import Transparency

/// A consistency proof as the registry sends it: from a tree size a client already holds to a
/// newer signed head.
public struct ConsistencyDocument: Sendable, Hashable, Codable {
    /// The size of the tree the client holds a head for.
    public let oldSize: UInt64
    /// The size of the newer tree.
    public let newSize: UInt64
    /// The proof's hashes, lowercase hex.
    public let path: [String]
    /// The signed head of the newer tree.
    public let treeHead: String

    enum CodingKeys: String, CodingKey {
        case oldSize = "old_size"
        case newSize = "new_size"
        case path
        case treeHead = "tree_head"
    }

    /// Creates a document.
    public init(proof: ConsistencyProof, treeHead: SignedTreeHead) {
        oldSize = proof.oldSize
        newSize = proof.newSize
        path = proof.path.map { Hex.encode($0) }
        self.treeHead = treeHead.note
    }

    /// Checks that the registry's current log extends the head `held` (a signed note the client
    /// kept): both heads' signatures, then the proof between their roots.
    /// - Returns: the newer, verified head.
    public func verify(extending held: String, key: TreeHeadKey) throws(TransparencyError) -> TreeHead {
        let old = try SignedTreeHead(note: held, key: key).treeHead
        let new = try SignedTreeHead(note: treeHead, key: key).treeHead
        guard old.treeSize == oldSize, new.treeSize == newSize else {
            throw TransparencyError(
                "the consistency proof is from \(oldSize) to \(newSize) entries, the heads are for \(old.treeSize) and \(new.treeSize)"
            )
        }
        var hashes: [[UInt8]] = []
        for item in path {
            guard let bytes = Hex.decode(item) else {
                throw TransparencyError("the proof's path holds \"\(item.prefix(20))\", not hex")
            }
            hashes.append(bytes)
        }
        try ConsistencyProof(oldSize: oldSize, newSize: newSize, path: hashes).verify(
            oldRoot: old.rootHash, newRoot: new.rootHash)
        return new
    }
}
