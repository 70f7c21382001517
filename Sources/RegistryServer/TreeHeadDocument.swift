import Attestation
import Transparency

/// `GET /api/v1/tree-head`: the newest signed head, as its parts and as the signed note.
struct TreeHeadDocument: Codable, Hashable, Sendable {
    let treeSize: UInt64
    let rootHash: String
    let timestamp: Int64
    let treeHead: String

    enum CodingKeys: String, CodingKey {
        case treeSize = "tree_size"
        case rootHash = "root_hash"
        case timestamp
        case treeHead = "tree_head"
    }

    init(_ head: SignedTreeHead) {
        treeSize = head.treeHead.treeSize
        rootHash = Hex.encode(head.treeHead.rootHash)
        timestamp = head.treeHead.timestampMilliseconds
        treeHead = head.note
    }
}
