/// An RFC 9162 inclusion proof: the audit path that leads from one leaf to the root of a tree size.
public struct InclusionProof: Sendable, Equatable {
    /// The leaf's 0-based index.
    public let leafIndex: UInt64
    /// The size of the tree whose root the path leads to.
    public let treeSize: UInt64
    /// The sibling hashes, leaf first.
    public let path: [[UInt8]]

    /// Creates a proof from its parts (as received; nothing is checked until ``verify(leafHash:rootHash:)``).
    public init(leafIndex: UInt64, treeSize: UInt64, path: [[UInt8]]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// Checks that the leaf is at ``leafIndex`` in the tree of ``treeSize`` with this root (RFC 9162 §2.1.3.2).
    /// - Throws: a sentence saying what did not match.
    public func verify(leafHash: [UInt8], rootHash: [UInt8]) throws(TransparencyError) {
        guard leafIndex < treeSize else {
            throw TransparencyError("the proof puts entry \(leafIndex) in a tree of only \(treeSize) entries")
        }
        guard leafHash.count == MerkleHash.size, rootHash.count == MerkleHash.size,
            path.allSatisfy({ $0.count == MerkleHash.size })
        else {
            throw TransparencyError("a hash in the inclusion proof is not \(MerkleHash.size) bytes")
        }
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0 else {
                throw TransparencyError("the inclusion proof is longer than a tree of \(treeSize) entries allows")
            }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else {
            throw TransparencyError("the inclusion proof is shorter than a tree of \(treeSize) entries needs")
        }
        guard r == rootHash else {
            throw TransparencyError(
                "entry \(leafIndex) with this content is not in the tree of \(treeSize) entries the registry signed (the root hashes differ)"
            )
        }
    }
}
