import Attestation
import Crypto
import Foundation

/// SHA-256 of bytes, as the registry names bundles.
enum SHA256Digest {
    static func of(_ data: Data) -> SHA256.Digest { SHA256.hash(data: data) }
    static func hex(_ data: Data) -> String { Hex.encode(Array(of(data))) }
}
