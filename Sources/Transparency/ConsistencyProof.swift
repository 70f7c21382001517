/// An RFC 9162 consistency proof: that the tree of ``oldSize`` is a prefix of the tree of ``newSize``,
/// i.e. the log only appended between the two tree heads.
public struct ConsistencyProof: Sendable, Equatable {
    /// The earlier tree size.
    public let oldSize: UInt64
    /// The later tree size.
    public let newSize: UInt64
    /// The proof's hashes.
    public let path: [[UInt8]]

    /// Creates a proof from its parts (as received; nothing is checked until ``verify(oldRoot:newRoot:)``).
    public init(oldSize: UInt64, newSize: UInt64, path: [[UInt8]]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.path = path
    }

    /// Checks that the tree with `oldRoot` at ``oldSize`` is a prefix of the one with `newRoot` at
    /// ``newSize`` (RFC 9162 §2.1.4.2).
    /// - Throws: a sentence saying what did not match; an empty old tree proves nothing and is refused.
    public func verify(oldRoot: [UInt8], newRoot: [UInt8]) throws(TransparencyError) {
        guard oldSize > 0 else {
            throw TransparencyError(
                "a consistency proof from an empty tree proves nothing; hold a tree head of at least one entry")
        }
        guard oldSize <= newSize else {
            throw TransparencyError(
                "the log now has \(newSize) entries, fewer than the \(oldSize) of the tree head you hold: entries were removed"
            )
        }
        guard oldRoot.count == MerkleHash.size, newRoot.count == MerkleHash.size,
            path.allSatisfy({ $0.count == MerkleHash.size })
        else {
            throw TransparencyError("a hash in the consistency proof is not \(MerkleHash.size) bytes")
        }
        if oldSize == newSize {
            guard path.isEmpty else { throw TransparencyError("a consistency proof between equal sizes must be empty") }
            guard oldRoot == newRoot else {
                throw TransparencyError(
                    "the log's tree of \(oldSize) entries has another root than the one you hold: an entry was altered or removed"
                )
            }
            return
        }
        guard !path.isEmpty else { throw TransparencyError("the consistency proof is empty") }
        var proof = path
        if oldSize & (oldSize - 1) == 0 { proof.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = proof[0]
        var sr = proof[0]
        for c in proof.dropFirst() {
            guard sn != 0 else { throw TransparencyError("the consistency proof is longer than these sizes allow") }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw TransparencyError("the consistency proof is shorter than these sizes need") }
        guard fr == oldRoot, sr == newRoot else {
            throw TransparencyError(
                "the log's tree of \(newSize) entries does not extend the tree of \(oldSize) entries you hold: an entry was altered or removed"
            )
        }
    }
}
