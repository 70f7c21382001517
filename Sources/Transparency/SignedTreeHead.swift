import Crypto
import Foundation

/// A tree head signed by the registry, as a C2SP signed note: the checkpoint body, a blank line, and
/// `— <name> <base64(key hash || Ed25519 signature)>`. Whoever keeps one can later ask the registry
/// to prove that its log still extends it (``ConsistencyProof``).
public struct SignedTreeHead: Sendable, Equatable {
    /// The signed content.
    public let treeHead: TreeHead
    /// The whole note, as signed and sent.
    public let note: String

    private static let signaturePrefix = "\u{2014} "

    /// Signs a tree head with the registry's 32-byte Ed25519 seed; the key's name is the head's origin.
    public init(signing treeHead: TreeHead, seed: Data) throws(TransparencyError) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw TransparencyError("the registry's signing key is not a 32-byte Ed25519 seed")
        }
        let verifier = try TreeHeadKey(name: treeHead.origin, publicKey: Array(key.publicKey.rawRepresentation))
        let body = treeHead.checkpointBody
        guard let signature = try? key.signature(for: Data(body.utf8)) else {
            throw TransparencyError("the tree head could not be signed")
        }
        let blob = Data(verifier.keyHash + Array(signature)).base64EncodedString()
        self.treeHead = treeHead
        self.note = body + "\n" + Self.signaturePrefix + treeHead.origin + " " + blob + "\n"
    }

    /// Reads a signed note and checks its signature by `key`; other signers' lines are ignored.
    /// - Throws: when the note is malformed, names another log, or carries no valid signature by `key`.
    public init(note: String, key: TreeHeadKey) throws(TransparencyError) {
        guard note.utf8.count <= 16_384 else { throw TransparencyError("a signed tree head is at most 16 KiB") }
        guard let split = note.range(of: "\n\n") else {
            throw TransparencyError("a signed tree head is a checkpoint, a blank line and signature lines")
        }
        let body = String(note[..<split.lowerBound]) + "\n"
        let head = try TreeHead(checkpointBody: body)
        guard head.origin == key.name else {
            throw TransparencyError("the tree head is from the log \"\(head.origin)\", not \"\(key.name)\"")
        }
        let signatureLines = note[split.upperBound...].split(separator: "\n")
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey) else {
            throw TransparencyError("the registry key is not an Ed25519 public key")
        }
        for line in signatureLines where line.hasPrefix(Self.signaturePrefix) {
            let fields = line.dropFirst(Self.signaturePrefix.count).split(separator: " ")
            guard fields.count == 2, fields[0] == key.name, let blob = Data(base64Encoded: String(fields[1])),
                blob.count == 68, Array(blob.prefix(4)) == key.keyHash
            else { continue }
            if publicKey.isValidSignature(blob.dropFirst(4), for: Data(body.utf8)) {
                self.treeHead = head
                self.note = note
                return
            }
            throw TransparencyError("the tree head's signature by \(key.name) does not verify: the note was altered")
        }
        throw TransparencyError("the tree head carries no signature by the registry key \(key.verifierKey)")
    }
}
