import Foundation
import Testing

@testable import Transparency

/// Every proof of a 37-leaf tree verifies, and every way a cheating log could bend one is refused:
/// wrong index or size, a flipped bit, a hash dropped, added or swapped, another root.
@Suite struct TamperedProofTests {
    static let size: UInt64 = 37
    static let tree = MerkleTree(leafHashes: (0..<size).map { MerkleHash.leaf(Array("entry-\($0)".utf8)) })

    @Test func everyInclusionProofVerifiesAndNoVariantDoes() throws {
        let tree = Self.tree
        for size in UInt64(1)...Self.size {
            let root = try tree.rootHash(treeSize: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(leafIndex: index, treeSize: size)
                let leaf = tree.leafHash(at: index)
                try proof.verify(leafHash: leaf, rootHash: root)
                for variant in Self.variants(of: proof.path, root: root) {
                    #expect(throws: TransparencyError.self) {
                        try InclusionProof(leafIndex: index, treeSize: size, path: variant).verify(
                            leafHash: leaf, rootHash: root)
                    }
                }
                // The signed head binds size and root together, so only the index can be bent alone; a doubled size needs a longer path.
                for (otherIndex, otherSize) in [(index + 1, size), (index ^ 1, size), (index, size * 2)]
                where (otherIndex, otherSize) != (index, size) {
                    #expect(throws: TransparencyError.self) {
                        try InclusionProof(leafIndex: otherIndex, treeSize: otherSize, path: proof.path)
                            .verify(leafHash: leaf, rootHash: root)
                    }
                }
                let otherLeaf = MerkleHash.leaf(Array("forged-\(index)".utf8))
                #expect(throws: TransparencyError.self) { try proof.verify(leafHash: otherLeaf, rootHash: root) }
            }
        }
    }

    @Test func everyConsistencyProofVerifiesAndNoVariantDoes() throws {
        let tree = Self.tree
        for new in UInt64(1)...Self.size {
            let newRoot = try tree.rootHash(treeSize: new)
            for old in 1...new {
                let oldRoot = try tree.rootHash(treeSize: old)
                let proof = try tree.consistencyProof(oldSize: old, newSize: new)
                try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
                guard old < new else { continue }
                for variant in Self.variants(of: proof.path, root: newRoot) {
                    #expect(throws: TransparencyError.self) {
                        try ConsistencyProof(oldSize: old, newSize: new, path: variant).verify(
                            oldRoot: oldRoot, newRoot: newRoot)
                    }
                }
                #expect(throws: TransparencyError.self) { try proof.verify(oldRoot: newRoot, newRoot: oldRoot) }
                #expect(throws: TransparencyError.self) {
                    try ConsistencyProof(oldSize: new, newSize: old, path: proof.path).verify(
                        oldRoot: newRoot, newRoot: oldRoot)
                }
            }
        }
    }

    @Test func aRewrittenLogFailsConsistencyWithAnOlderHead() throws {
        let leaves = (0..<20).map { MerkleHash.leaf(Array("entry-\($0)".utf8)) }
        let honest = MerkleTree(leafHashes: leaves)
        let heldRoot = try honest.rootHash(treeSize: 12)
        var altered = leaves
        altered[7] = MerkleHash.leaf(Array("entry-7-edited".utf8))
        var removed = leaves
        removed.remove(at: 3)
        for rewritten in [MerkleTree(leafHashes: altered), MerkleTree(leafHashes: removed)] {
            let proof = try rewritten.consistencyProof(oldSize: 12, newSize: rewritten.size)
            #expect(throws: TransparencyError.self) {
                try proof.verify(oldRoot: heldRoot, newRoot: rewritten.rootHash(treeSize: rewritten.size))
            }
        }
    }

    /// The proof with one bit flipped in each hash, each hash dropped, a hash added at either end,
    /// the first two swapped.
    static func variants(of path: [[UInt8]], root: [UInt8]) -> [[[UInt8]]] {
        var out: [[[UInt8]]] = [path + [root], [root] + path, path + [[UInt8](repeating: 0, count: 32)]]
        for i in path.indices {
            var flipped = path
            flipped[i][i % 32] ^= 0x10
            out.append(flipped)
            var dropped = path
            dropped.remove(at: i)
            out.append(dropped)
        }
        if path.count >= 2, path[0] != path[1] {
            var swapped = path
            swapped.swapAt(0, 1)
            out.append(swapped)
        }
        if let first = path.first {
            var short = path
            short[0] = Array(first.prefix(31))
            out.append(short)
        }
        return out
    }
}
