import Foundation
import Transparency

/// The log in memory: the Merkle tree of every entry and the latest signed head. Changed only by
/// the store while it holds its append lock. During a group commit the tree already holds the
/// batch's leaves while the head is still the last committed one; proofs are only ever made for
/// sizes of signed heads, so readers never see the batch before its transaction commits.
actor LogState {
    private var tree: MerkleTree
    private(set) var head: SignedTreeHead

    init(tree: MerkleTree, head: SignedTreeHead) {
        self.tree = tree
        self.head = head
    }

    /// Appends a batch's leaves and signs a head for every new size (each entry keeps a signed head
    /// of the tree that ends with it); the caller stores them, then commits or rolls back.
    func append(
        leafHashes: [[UInt8]], signer: LogSigner
    ) throws(TransparencyError) -> (first: UInt64, heads: [SignedTreeHead]) {
        precondition(tree.size == head.treeHead.treeSize, "a batch is already being appended")
        let first = tree.size
        let now = Date()
        var heads: [SignedTreeHead] = []
        heads.reserveCapacity(leafHashes.count)
        do {
            for hash in leafHashes {
                tree.append(leafHash: hash)
                heads.append(try signer.sign(tree, now: now))
            }
        } catch {
            tree.truncate(to: first)
            throw error
        }
        return (first, heads)
    }

    /// Makes a batch the database has committed visible.
    func commit(head: SignedTreeHead) {
        self.head = head
    }

    /// Forgets a batch the database refused.
    func rollback() {
        tree.truncate(to: head.treeHead.treeSize)
    }

    /// The leaf hash of a committed entry, if there is one.
    func leafHash(at index: UInt64) -> [UInt8]? {
        index < head.treeHead.treeSize ? tree.leafHash(at: index) : nil
    }

    /// The audit path of an entry in the tree of `treeSize` entries (at most the committed size).
    func inclusionProof(leafIndex: UInt64, treeSize: UInt64) throws(TransparencyError) -> InclusionProof {
        try committed(treeSize)
        return try tree.inclusionProof(leafIndex: leafIndex, treeSize: treeSize)
    }

    /// The consistency proof between two sizes (at most the committed size).
    func consistencyProof(oldSize: UInt64, newSize: UInt64) throws(TransparencyError) -> ConsistencyProof {
        try committed(newSize)
        return try tree.consistencyProof(oldSize: oldSize, newSize: newSize)
    }

    private func committed(_ size: UInt64) throws(TransparencyError) {
        guard size <= head.treeHead.treeSize else {
            throw TransparencyError("the log has \(head.treeHead.treeSize) entries; it has no tree of size \(size)")
        }
    }
}
