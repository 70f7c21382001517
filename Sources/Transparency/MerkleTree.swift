/// An append-only RFC 9162 Merkle tree held as its perfect subtrees: `levels[l][i]` is the hash of
/// leaves `i·2^l ..< (i+1)·2^l`. Appending costs one leaf hash plus, amortised, one node hash;
/// the root of any earlier size, inclusion proofs and consistency proofs need O(log n) lookups.
public struct MerkleTree: Sendable {
    private var levels: [[[UInt8]]] = [[]]

    /// An empty tree.
    public init() {}

    /// A tree of these leaf hashes, in order.
    public init<S: Sequence>(leafHashes: S) where S.Element == [UInt8] {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// The leaf hash at `index`.
    public func leafHash(at index: UInt64) -> [UInt8] { levels[0][Int(index)] }

    /// Appends a leaf by its hash (``MerkleHash/leaf(_:)`` of the entry's bytes); returns its index.
    @discardableResult
    public mutating func append(leafHash: [UInt8]) -> UInt64 {
        precondition(leafHash.count == MerkleHash.size)
        let index = size
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = MerkleHash.node(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
        return index
    }

    /// Drops every leaf from `newSize` on: the tree becomes the one its first `newSize` leaves
    /// make (a log undoes an append its database refused). Costs O(log n) plus the leaves dropped.
    public mutating func truncate(to newSize: UInt64) {
        precondition(newSize <= size)
        for level in levels.indices {
            levels[level].removeLast(levels[level].count - Int(newSize >> UInt64(level)))
        }
        while levels.count > 1, levels[levels.count - 1].isEmpty { levels.removeLast() }
    }

    /// The root hash of the tree's first `treeSize` leaves (RFC 9162 MTH).
    /// - Throws: when `treeSize` is larger than the tree.
    public func rootHash(treeSize: UInt64) throws(TransparencyError) -> [UInt8] {
        guard treeSize <= size else {
            throw TransparencyError("the log has \(size) entries; it has no tree of size \(treeSize)")
        }
        return treeSize == 0 ? MerkleHash.empty : subtreeHash(0, treeSize)
    }

    /// The RFC 9162 §2.1.3.1 audit path of leaf `index` in the tree of size `treeSize`.
    /// - Throws: when the index is not below the size or the size is larger than the tree.
    public func inclusionProof(leafIndex index: UInt64, treeSize: UInt64) throws(TransparencyError) -> InclusionProof {
        guard treeSize <= size else {
            throw TransparencyError("the log has \(size) entries; it has no tree of size \(treeSize)")
        }
        guard index < treeSize else {
            throw TransparencyError("entry \(index) is not in a tree of \(treeSize) entries")
        }
        var path: [[UInt8]] = []
        inclusionPath(index, 0, treeSize, into: &path)
        return InclusionProof(leafIndex: index, treeSize: treeSize, path: path)
    }

    /// The RFC 9162 §2.1.4.1 consistency proof from the tree of size `oldSize` to that of `newSize`.
    /// - Throws: unless `0 < oldSize ≤ newSize ≤ size`.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws(TransparencyError) -> ConsistencyProof {
        guard newSize <= size else {
            throw TransparencyError("the log has \(size) entries; it has no tree of size \(newSize)")
        }
        guard oldSize > 0, oldSize <= newSize else {
            throw TransparencyError(
                "a consistency proof goes from a non-empty tree to one at least as large; \(oldSize) to \(newSize) is not that"
            )
        }
        var path: [[UInt8]] = []
        if oldSize < newSize { subproof(oldSize, 0, newSize, complete: true, into: &path) }
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, path: path)
    }

    /// MTH(D[start ..< end]); `start` is always a multiple of the largest power of two ≤ `end - start`.
    private func subtreeHash(_ start: UInt64, _ end: UInt64) -> [UInt8] {
        let count = end - start
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return levels[level][Int(start >> UInt64(level))]
        }
        let k = MerkleHash.split(count)
        return MerkleHash.node(subtreeHash(start, start + k), subtreeHash(start + k, end))
    }

    private func inclusionPath(_ index: UInt64, _ start: UInt64, _ end: UInt64, into path: inout [[UInt8]]) {
        let count = end - start
        guard count > 1 else { return }
        let k = MerkleHash.split(count)
        if index < k {
            inclusionPath(index, start, start + k, into: &path)
            path.append(subtreeHash(start + k, end))
        } else {
            inclusionPath(index - k, start + k, end, into: &path)
            path.append(subtreeHash(start, start + k))
        }
    }

    private func subproof(_ m: UInt64, _ start: UInt64, _ end: UInt64, complete: Bool, into path: inout [[UInt8]]) {
        let count = end - start
        if m == count {
            if !complete { path.append(subtreeHash(start, end)) }
            return
        }
        let k = MerkleHash.split(count)
        if m <= k {
            subproof(m, start, start + k, complete: complete, into: &path)
            path.append(subtreeHash(start + k, end))
        } else {
            subproof(m - k, start + k, end, complete: false, into: &path)
            path.append(subtreeHash(start, start + k))
        }
    }
}
