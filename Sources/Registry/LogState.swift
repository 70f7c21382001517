import Transparency

/// The log in memory: the Merkle tree of every entry and the latest signed head. Changed only by
/// the store while it holds its append lock.
actor LogState {
    private(set) var tree: MerkleTree
    private(set) var head: SignedTreeHead

    init(tree: MerkleTree, head: SignedTreeHead) {
        self.tree = tree
        self.head = head
    }

    /// Appends a leaf and signs the new head; returns both (the caller stores them, then commits).
    func append(leafHash: [UInt8], signer: LogSigner) throws(TransparencyError) -> (index: UInt64, head: SignedTreeHead)
    {
        var grown = tree
        let index = grown.append(leafHash: leafHash)
        let head = try signer.sign(grown)
        return (index, head)
    }

    /// Makes an append the database has committed visible.
    func commit(leafHash: [UInt8], head: SignedTreeHead) {
        tree.append(leafHash: leafHash)
        self.head = head
    }

    /// A snapshot of the tree and head, consistent with each other.
    func snapshot() -> (tree: MerkleTree, head: SignedTreeHead) { (tree, head) }
}
