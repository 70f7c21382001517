import Foundation
import Testing

@testable import Attestation

/// Checks that our key files and signatures interoperate with OpenSSL (1.1.1 or later).
@Suite(
    "OpenSSL interoperability",
    .enabled(if: Shell.hasOpenSSL, "skipped: /usr/bin/openssl is not installed, interoperability not checked"))
struct OpenSSLInteropTests {
    @Test("openssl reads our .key and .pub; its SPKI DER hashes to our keyID")
    func opensslReadsOurKeys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let prefix = directory.file("lab")
        let publicKey = try KeyFiles.generate(prefix: prefix)

        let derived = try Shell.run(Shell.openssl, ["pkey", "-in", prefix + ".key", "-pubout"])
        #expect(derived.status == 0)
        #expect(String(decoding: derived.output, as: UTF8.self) == publicKey.pem)

        let der = directory.file("lab.pub.der")
        let converted = try Shell.run(
            Shell.openssl, ["pkey", "-pubin", "-in", prefix + ".pub", "-outform", "DER", "-out", der])
        #expect(converted.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: der)) == publicKey.spkiDER)
        let digest = try Shell.run(Shell.openssl, ["dgst", "-sha256", "-r", der])
        #expect(String(decoding: digest.output, as: UTF8.self).hasPrefix(publicKey.keyID + " "))
    }

    @Test("an openssl-generated key loads, and signatures verify in both directions")
    func signaturesInterop() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyPath = directory.file("openssl.key")
        let publicPath = directory.file("openssl.pub")
        let message = directory.file("message.bin")
        let opensslSignature = directory.file("openssl.sig")
        #expect(try Shell.run(Shell.openssl, ["genpkey", "-algorithm", "ed25519", "-out", keyPath]).status == 0)
        #expect(try Shell.run(Shell.openssl, ["pkey", "-in", keyPath, "-pubout", "-out", publicPath]).status == 0)
        let payload = DSSE.pae(payloadType: "text/plain", payload: Data("conformant".utf8))
        try payload.write(to: URL(fileURLWithPath: message))

        let signed = try Shell.run(
            Shell.openssl,
            ["pkeyutl", "-sign", "-inkey", keyPath, "-rawin", "-in", message, "-out", opensslSignature])
        #expect(signed.status == 0)
        let publicKeys = try KeyFiles.loadVerifyingKeys(path: publicPath)
        let signature = try Data(contentsOf: URL(fileURLWithPath: opensslSignature))
        #expect(publicKeys.count == 1)
        #expect(publicKeys.first?.isValidSignature(signature, for: payload) == true)

        let signingKey = try KeyFiles.loadSigningKey(path: keyPath)
        #expect(signingKey.publicKey == publicKeys.first)
        let ourSignature = directory.file("ours.sig")
        try signingKey.signature(for: payload).write(to: URL(fileURLWithPath: ourSignature))
        let verified = try Shell.run(
            Shell.openssl,
            ["pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", message, "-sigfile", ourSignature])
        #expect(verified.status == 0)

        var tampered = payload
        tampered[tampered.count - 1] ^= 1
        try tampered.write(to: URL(fileURLWithPath: message))
        let rejected = try Shell.run(
            Shell.openssl,
            ["pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", message, "-sigfile", ourSignature])
        #expect(rejected.status != 0)
    }
}
