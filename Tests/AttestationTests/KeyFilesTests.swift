import Foundation
import Testing

@testable import Attestation

@Suite("Key files")
struct KeyFilesTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("generate writes PREFIX.key with mode 0600 and PREFIX.pub that load back")
    func generate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prefix = directory.file("lab")
        let publicKey = try KeyFiles.generate(prefix: prefix)
        #expect(try mode(prefix + ".key") == 0o600)
        #expect(try mode(prefix + ".pub") == 0o644)
        let signingKey = try KeyFiles.loadSigningKey(path: prefix + ".key")
        #expect(signingKey.publicKey == publicKey)
        #expect(try KeyFiles.loadVerifyingKeys(path: prefix + ".pub") == [publicKey])
        #expect(try KeyFiles.loadVerifyingKeys(path: prefix + ".key") == [publicKey])
    }

    @Test("generate refuses to overwrite an existing key or public key file")
    func refusesOverwrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prefix = directory.file("lab")
        try KeyFiles.generate(prefix: prefix)
        let before = try Data(contentsOf: URL(fileURLWithPath: prefix + ".key"))
        #expect(throws: AttestationError(.keyFileExists, "")) { try KeyFiles.generate(prefix: prefix) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: prefix + ".key")) == before)

        let other = directory.file("other")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: other + ".pub"))
        #expect(throws: AttestationError(.keyFileExists, "")) { try KeyFiles.generate(prefix: other) }
        #expect(!FileManager.default.fileExists(atPath: other + ".key"))
        #expect(try String(contentsOfFile: other + ".pub", encoding: .utf8) == "keep me")
    }

    @Test("the exclusive writer never follows a symbolic link planted at the key path")
    func refusesSymlink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.file("target")
        try FileManager.default.createSymbolicLink(atPath: directory.file("evil.key"), withDestinationPath: target)
        #expect(throws: AttestationError(.keyFileExists, "")) {
            try ExclusiveFile.create(path: directory.file("evil.key"), contents: Data("x".utf8), mode: 0o600)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("a .pub file with several PEM blocks yields every key")
    func severalKeys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = SigningKey.generate().publicKey
        let second = SigningKey.generate().publicKey
        let path = directory.file("trust.pub")
        try Data(("# lab A\n" + first.pem + "# lab B\n" + second.pem).utf8).write(to: URL(fileURLWithPath: path))
        #expect(try KeyFiles.loadVerifyingKeys(path: path) == [first, second])
    }

    @Test("files holding no key or another kind of block fail with an error naming the file")
    func rejectsOtherFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = directory.file("notes.txt")
        try Data("just text".utf8).write(to: URL(fileURLWithPath: text))
        let error = #expect(throws: AttestationError.self) { try KeyFiles.loadVerifyingKeys(path: text) }
        #expect(error?.code == .unsupportedKeyFile)
        #expect(error?.reason.contains(text) == true)

        let certificate = directory.file("lab.crt")
        try Data(PEMBlock(label: "CERTIFICATE", der: Data([0x30, 0x00])).text.utf8).write(
            to: URL(fileURLWithPath: certificate))
        let certificateError = #expect(throws: AttestationError.self) {
            try KeyFiles.loadVerifyingKeys(path: certificate)
        }
        #expect(certificateError?.code == .unsupportedKeyFile)
        #expect(certificateError?.reason.contains(certificate) == true)

        let binary = directory.file("key.der")
        try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: AttestationError(.unsupportedKeyFile, "")) { try KeyFiles.loadVerifyingKeys(path: binary) }

        let missing = directory.file("missing.pub")
        let missingError = #expect(throws: AttestationError.self) { try KeyFiles.loadVerifyingKeys(path: missing) }
        #expect(missingError?.code == .keyFileIO)
        #expect(missingError?.reason.contains(missing) == true)

        let publicOnly = directory.file("lab.pub")
        try Data(SigningKey.generate().publicKey.pem.utf8).write(to: URL(fileURLWithPath: publicOnly))
        let signingError = #expect(throws: AttestationError.self) { try KeyFiles.loadSigningKey(path: publicOnly) }
        #expect(signingError?.code == .invalidKey)
        #expect(signingError?.reason.contains(publicOnly) == true)
    }
}
