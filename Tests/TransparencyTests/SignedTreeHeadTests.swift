import Crypto
import Foundation
import Testing

@testable import Transparency

/// Signed tree heads: they verify under the registry's key, and nothing about them can be changed
/// or swapped without the check failing.
@Suite struct SignedTreeHeadTests {
    let seed = Curve25519.Signing.PrivateKey().rawRepresentation

    var key: TreeHeadKey {
        get throws {
            try TreeHeadKey(
                name: "registry.test/aitc",
                publicKey: Array(Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation))
        }
    }

    func head(size: UInt64 = 5) -> TreeHead {
        TreeHead(
            origin: "registry.test/aitc", treeSize: size, rootHash: MerkleHash.leaf([1, 2]),
            timestampMilliseconds: 1_780_000_000_123)
    }

    @Test func signsAndVerifies() throws {
        let signed = try SignedTreeHead(signing: head(), seed: seed)
        let read = try SignedTreeHead(note: signed.note, key: key)
        #expect(read.treeHead == head())
        #expect(signed.note.hasPrefix("registry.test/aitc\n5\n"))
        #expect(signed.note.contains("\n\n\u{2014} registry.test/aitc "))
        #expect(try TreeHeadKey(verifierKey: key.verifierKey) == key)
    }

    @Test func alteredOrForeignHeadsAreRefused() throws {
        let signed = try SignedTreeHead(signing: head(), seed: seed)
        let grown = signed.note.replacingOccurrences(of: "\n5\n", with: "\n6\n")
        #expect(throws: TransparencyError.self) { try SignedTreeHead(note: grown, key: key) }
        let otherSeed = Curve25519.Signing.PrivateKey().rawRepresentation
        let forged = try SignedTreeHead(signing: head(), seed: otherSeed)
        #expect(throws: TransparencyError.self) { try SignedTreeHead(note: forged.note, key: key) }
        let otherLog = try SignedTreeHead(
            signing: TreeHead(origin: "other/log", treeSize: 5, rootHash: head().rootHash, timestampMilliseconds: 1),
            seed: seed)
        #expect(throws: TransparencyError.self) { try SignedTreeHead(note: otherLog.note, key: key) }
        #expect(throws: TransparencyError.self) { try SignedTreeHead(note: "registry.test/aitc\n5\n", key: key) }
        #expect(throws: TransparencyError.self) {
            try SignedTreeHead(
                note: signed.note.replacingOccurrences(of: "time 1780000000123", with: "time 01780000000123"), key: key)
        }
    }

    /// The signature is plain Ed25519 over the checkpoint body: OpenSSL checks it without aitc.
    @Test func openSSLVerifiesTheSignature() throws {
        let signed = try SignedTreeHead(signing: head(), seed: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let body = head().checkpointBody
        let line = signed.note.split(separator: "\n").last!
        let blob = Data(base64Encoded: String(line.split(separator: " ").last!))!
        try Data(body.utf8).write(to: folder.appendingPathComponent("body"))
        try blob.dropFirst(4).write(to: folder.appendingPathComponent("sig"))
        let spki =
            Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]) + Data(try key.publicKey)
        let pem = "-----BEGIN PUBLIC KEY-----\n\(spki.base64EncodedString())\n-----END PUBLIC KEY-----\n"
        try Data(pem.utf8).write(to: folder.appendingPathComponent("pub.pem"))
        func openssl(_ bodyFile: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = [
                "pkeyutl", "-verify", "-pubin", "-inkey", folder.appendingPathComponent("pub.pem").path, "-rawin",
                "-in", folder.appendingPathComponent(bodyFile).path, "-sigfile",
                folder.appendingPathComponent("sig").path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try openssl("body") == 0)
        try Data(body.replacingOccurrences(of: "\n5\n", with: "\n6\n").utf8).write(
            to: folder.appendingPathComponent("body2"))
        #expect(try openssl("body2") != 0)
    }
}
