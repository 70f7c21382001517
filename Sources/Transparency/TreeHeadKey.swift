import Crypto
import Foundation

/// A registry's Ed25519 tree-head key as C2SP `signed-note` uses it: the signature line names the
/// key and starts with a 4-byte key hash, `SHA-256(name || "\n" || 0x01 || public key)[0..<4]`.
public struct TreeHeadKey: Sendable, Equatable {
    /// The key's name: the log's origin.
    public let name: String
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Creates a verifier key from a name and a raw 32-byte Ed25519 public key.
    /// - Throws: when the key is not 32 bytes or the name has a space, a plus sign or a newline.
    public init(name: String, publicKey: [UInt8]) throws(TransparencyError) {
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw TransparencyError("an Ed25519 public key is 32 bytes, got \(publicKey.count)")
        }
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "+" || $0 == "\n" }) else {
            throw TransparencyError("a log's name is not empty and has no space, plus sign or newline: \"\(name)\"")
        }
        self.name = name
        self.publicKey = publicKey
    }

    /// The 4-byte key hash that opens each signature.
    public var keyHash: [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, 0x01] + publicKey)
        return Array(hasher.finalize().prefix(4))
    }

    /// The C2SP verifier key string `<name>+<hex key hash>+<base64(0x01 || key)>`.
    public var verifierKey: String {
        let hash = keyHash.map { String(format: "%02x", $0) }.joined()
        return "\(name)+\(hash)+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    /// Parses a verifier key string written by ``verifierKey``.
    public init(verifierKey text: String) throws(TransparencyError) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let raw = Data(base64Encoded: String(parts[2])), raw.count == 33, raw.first == 0x01
        else {
            throw TransparencyError(
                "a registry key is \"<name>+<key hash>+<base64 Ed25519 key>\" as `aitc registry serve` prints it")
        }
        try self.init(name: String(parts[0]), publicKey: Array(raw.dropFirst()))
        guard keyHash.map({ String(format: "%02x", $0) }).joined() == parts[1] else {
            throw TransparencyError("the registry key's hash does not match its name and key")
        }
    }
}
