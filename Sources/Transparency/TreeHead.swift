import Foundation

/// What a registry commits to at one moment: its name (origin), the number of entries and their
/// Merkle root, and when. Its text is a C2SP `tlog-checkpoint` body with one extension line
/// (`time <unix milliseconds>`).
public struct TreeHead: Sendable, Equatable {
    /// The log's name, e.g. `registry.example/aitc`; the first line of the checkpoint and the key's name.
    public let origin: String
    /// The number of entries.
    public let treeSize: UInt64
    /// The RFC 9162 root hash of those entries.
    public let rootHash: [UInt8]
    /// When the head was signed, in milliseconds since 1970 (UTC).
    public let timestampMilliseconds: Int64

    /// Creates a tree head.
    public init(origin: String, treeSize: UInt64, rootHash: [UInt8], timestampMilliseconds: Int64) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The checkpoint body the signature covers (each line ends in a newline).
    public var checkpointBody: String {
        "\(origin)\n\(treeSize)\n\(Data(rootHash).base64EncodedString())\ntime \(timestampMilliseconds)\n"
    }

    /// Parses a checkpoint body written by ``checkpointBody``.
    /// - Throws: a sentence naming the line that is wrong.
    public init(checkpointBody body: String) throws(TransparencyError) {
        guard body.hasSuffix("\n") else { throw TransparencyError("a checkpoint body ends with a newline") }
        let lines = body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 4 else {
            throw TransparencyError(
                "a tree head has four lines (origin, size, root, time); this one has \(lines.count)")
        }
        guard !lines[0].isEmpty else { throw TransparencyError("the tree head's origin line is empty") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else {
            throw TransparencyError("the tree head's size line \"\(lines[1].prefix(40))\" is not a decimal number")
        }
        guard let root = Data(base64Encoded: lines[2]), root.count == MerkleHash.size else {
            throw TransparencyError("the tree head's root line is not a base64 SHA-256 hash")
        }
        guard lines[3].hasPrefix("time "), let time = Int64(lines[3].dropFirst(5)),
            String(time) == lines[3].dropFirst(5)
        else {
            throw TransparencyError("the tree head's last line is not \"time <milliseconds>\"")
        }
        self.init(origin: lines[0], treeSize: size, rootHash: Array(root), timestampMilliseconds: time)
    }
}
