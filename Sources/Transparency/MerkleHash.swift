import Crypto
import Foundation

/// RFC 9162 §2.1.1 hashing with SHA-256: a leaf is `SHA-256(0x00 || data)`, an interior node is
/// `SHA-256(0x01 || left || right)`, the empty tree is `SHA-256()`. The distinct prefixes keep a
/// leaf from ever being taken for a node (second-preimage resistance).
public enum MerkleHash {
    /// Bytes in every hash.
    public static let size = 32

    /// The hash of the empty tree.
    public static var empty: [UInt8] { Array(SHA256.hash(data: [UInt8]())) }

    /// The hash of one leaf's data.
    public static func leaf<D: DataProtocol>(_ data: D) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [UInt8(0x00)])
        hasher.update(data: data)
        return Array(hasher.finalize())
    }

    /// The hash of an interior node from its two children.
    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [UInt8(0x01)])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The largest power of two strictly smaller than `n` (`n` ≥ 2), the split point of RFC 9162's MTH.
    static func split(_ n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }
}
