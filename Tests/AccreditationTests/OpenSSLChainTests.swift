import Accreditation
import Attestation
import Foundation
import Testing

/// The real openssl CLI accepts the chain aitc issues, and the commands in Reports/ACCREDITATION.md work.
@Suite("OpenSSL accepts the accreditation chain")
struct OpenSSLChainTests {
    static func openssl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// (root key, lab key) pairs: every combination of Ed25519 and P-256.
    static let algorithms: [(KeyAlgorithm, KeyAlgorithm)] = [
        (.ed25519, .ed25519), (.p256, .p256), (.p256, .ed25519), (.ed25519, .p256),
    ]

    @Test(
        "openssl verify accepts lab ← root, refuses it against another root, and shows the scope extension",
        arguments: algorithms)
    func verifyChain(rootAlgorithm: KeyAlgorithm, labAlgorithm: KeyAlgorithm) throws {
        let folder = try Lab.folder()
        let root = try CertificateAuthority.initialize(
            name: "Test Accreditation Body", prefix: folder + "/root", validDays: 3650, algorithm: rootAlgorithm)
        let lab = try Lab.issue(by: root, name: "Lab A", algorithm: labAlgorithm)
        try CertificateFiles.pem(lab.certificate).write(toFile: folder + "/lab.crt", atomically: true, encoding: .utf8)
        let good = try Self.openssl(["verify", "-x509_strict", "-CAfile", folder + "/root.crt", folder + "/lab.crt"])
        #expect(good.status == 0 && good.output.contains(": OK"), "\(good.output)")
        let other = try CertificateAuthority.initialize(
            name: "Other Body", prefix: folder + "/other", validDays: 3650, algorithm: rootAlgorithm)
        _ = other
        let bad = try Self.openssl(["verify", "-CAfile", folder + "/other.crt", folder + "/lab.crt"])
        #expect(bad.status != 0, "\(bad.output)")
        let text = try Self.openssl(["x509", "-in", folder + "/lab.crt", "-noout", "-text"])
        #expect(text.output.contains("2.25.375898545805002081"), "\(text.output)")
        // The issuer's signature algorithm and the lab's key algorithm, as OpenSSL names them.
        #expect(
            text.output.contains(
                rootAlgorithm == .ed25519 ? "Signature Algorithm: ED25519" : "Signature Algorithm: ecdsa-with-SHA256"),
            "\(text.output)")
        #expect(
            text.output.contains(labAlgorithm == .ed25519 ? "Public Key Algorithm: ED25519" : "ASN1 OID: prime256v1"),
            "\(text.output)")
        let rootText = try Self.openssl(["x509", "-in", folder + "/root.crt", "-noout", "-text"])
        #expect(rootText.output.contains("CA:TRUE, pathlen:0"), "\(rootText.output)")
        #expect(text.output.contains("CA:FALSE"), "\(text.output)")
        // The serial aitc writes in revocation lists is openssl's, lower-cased.
        let serial = try Self.openssl(["x509", "-in", folder + "/lab.crt", "-noout", "-serial"])
        #expect(
            serial.output.lowercased().contains("serial=" + CertificateFiles.serialHex(lab.certificate)),
            "\(serial.output)")
    }

    @Test(
        "openssl checks the bundle's DSSE signature with the public key from the lab certificate", arguments: algorithms
    )
    func signatureWithOpenSSL(rootAlgorithm: KeyAlgorithm, labAlgorithm: KeyAlgorithm) throws {
        let folder = try Lab.folder()
        let root = try CertificateAuthority.initialize(
            name: "Body", prefix: folder + "/root", validDays: 3650, algorithm: rootAlgorithm)
        let lab = try Lab.issue(by: root, name: "Lab A", algorithm: labAlgorithm)
        let digest = labAlgorithm == .p256 ? ["-digest", "sha256"] : []
        let bundle = try SigstoreBundle.sign(
            report: lab.report(), reportName: "R-1.report.json", key: lab.key, chain: [lab.certificate])
        let payload = try bundle.envelope.decodedPayload()
        var pae = DSSE.pae(payloadType: bundle.envelope.payloadType, payload: payload)
        try pae.write(to: URL(fileURLWithPath: folder + "/pae.bin"))
        try Data(base64Encoded: bundle.envelope.signatures[0].sig)!.write(to: URL(fileURLWithPath: folder + "/sig.bin"))
        try CertificateFiles.pem(lab.certificate).write(toFile: folder + "/lab.crt", atomically: true, encoding: .utf8)
        #expect(
            try Self.openssl(["x509", "-in", folder + "/lab.crt", "-pubkey", "-noout", "-out", folder + "/lab.pub"])
                .status == 0)
        let good = try Self.openssl(
            ["pkeyutl", "-verify", "-pubin", "-inkey", folder + "/lab.pub", "-rawin"] + digest + [
                "-in", folder + "/pae.bin", "-sigfile", folder + "/sig.bin",
            ])
        #expect(good.status == 0, "\(good.output)")
        pae[pae.count - 2] ^= 1
        try pae.write(to: URL(fileURLWithPath: folder + "/pae.bin"))
        let bad = try Self.openssl(
            ["pkeyutl", "-verify", "-pubin", "-inkey", folder + "/lab.pub", "-rawin"] + digest + [
                "-in", folder + "/pae.bin", "-sigfile", folder + "/sig.bin",
            ])
        #expect(bad.status != 0)
    }

    @Test(
        "P-256 keys openssl made load, sign what aitc and openssl both verify; aitc's P-256 key files are PKCS#8 and SPKI"
    )
    func opensslP256Keys() throws {
        let folder = try Lab.folder()
        #expect(
            try Self.openssl([
                "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", folder + "/lab.key",
            ]).status == 0)
        #expect(
            try Self.openssl(["pkey", "-in", folder + "/lab.key", "-pubout", "-out", folder + "/lab.pub"]).status == 0)
        let key = try KeyFiles.loadSigningKey(path: folder + "/lab.key")
        #expect(key.algorithm == .p256)
        #expect(try KeyFiles.loadVerifyingKeys(path: folder + "/lab.pub") == [key.publicKey])
        // key id = SHA-256 of the SPKI DER, as for Ed25519.
        #expect(
            try Self.openssl([
                "pkey", "-pubin", "-in", folder + "/lab.pub", "-outform", "DER", "-out", folder + "/lab.der",
            ]).status == 0)
        let der = try Data(contentsOf: URL(fileURLWithPath: folder + "/lab.der"))
        #expect(der == key.publicKey.spkiDER)
        let message = Data("DSSEv1 example".utf8)
        try message.write(to: URL(fileURLWithPath: folder + "/m.bin"))
        try key.signature(for: message).write(to: URL(fileURLWithPath: folder + "/sig.bin"))
        let verified = try Self.openssl(
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", folder + "/lab.pub", "-rawin", "-digest", "sha256", "-in",
                folder + "/m.bin",
                "-sigfile", folder + "/sig.bin",
            ])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(
            try Self.openssl(
                [
                    "pkeyutl", "-sign", "-inkey", folder + "/lab.key", "-rawin", "-digest", "sha256", "-in",
                    folder + "/m.bin", "-out",
                    folder + "/theirs.bin",
                ]).status == 0)
        let theirs = try Data(contentsOf: URL(fileURLWithPath: folder + "/theirs.bin"))
        #expect(key.publicKey.isValidSignature(theirs, for: message))
        #expect(!key.publicKey.isValidSignature(theirs, for: Data("DSSEv1 other".utf8)))
        // aitc's own P-256 files read back in openssl.
        try KeyFiles.generate(prefix: folder + "/aitc", algorithm: .p256)
        let parsed = try Self.openssl(["pkey", "-in", folder + "/aitc.key", "-noout", "-text"])
        #expect(parsed.status == 0 && parsed.output.contains("prime256v1"), "\(parsed.output)")
    }

    @Test(
        "an intermediate body: a root and intermediate made by openssl, labs issued by aitc from the intermediate; the bundle carries lab + intermediate and verifies at step 3; without the intermediate it does not"
    )
    func intermediate() async throws {
        let folder = try Lab.folder()
        func run(_ arguments: [String]) throws {
            let result = try Self.openssl(arguments)
            #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)")
        }
        try run(["genpkey", "-algorithm", "ed25519", "-out", folder + "/top.key"])
        try run([
            "req", "-x509", "-new", "-key", folder + "/top.key", "-subj", "/CN=Top Body", "-days", "3650", "-out",
            folder + "/top.crt",
            "-addext", "basicConstraints=critical,CA:TRUE,pathlen:1", "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", folder + "/region.key"])
        try run([
            "req", "-new", "-key", folder + "/region.key", "-subj", "/CN=Regional Body", "-out", folder + "/region.csr",
        ])
        try
            "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
            .write(toFile: folder + "/ext.cnf", atomically: true, encoding: .utf8)
        try run([
            "x509", "-req", "-in", folder + "/region.csr", "-CA", folder + "/top.crt", "-CAkey", folder + "/top.key",
            "-days", "3650",
            "-extfile", folder + "/ext.cnf", "-out", folder + "/region.crt",
        ])
        // aitc loads the intermediate as a CA (its key and its one certificate) and issues a lab.
        let region = try CertificateAuthority(prefix: folder + "/region")
        let lab = try Lab.issue(by: region, name: "Lab R", algorithm: .ed25519)
        try CertificateFiles.pem(lab.certificate).write(toFile: folder + "/lab.crt", atomically: true, encoding: .utf8)
        let chained = try Self.openssl([
            "verify", "-x509_strict", "-CAfile", folder + "/top.crt", "-untrusted", folder + "/region.crt",
            folder + "/lab.crt",
        ])
        #expect(chained.status == 0, "\(chained.output)")
        let top = try CertificateFiles.load(path: folder + "/top.crt")[0]
        let verifier = BundleVerifier(root: top, revocations: nil)
        let accepted = try await verifier.verify(
            bundle: try lab.bundle(lab.report(), chain: [lab.certificate, region.certificate]))
        #expect(accepted.chain.map(CertificateFiles.commonName(of:)) == ["Lab R", "Regional Body", "Top Body"])
        let withoutIntermediate = try lab.bundle(lab.report(), chain: [lab.certificate])
        do {
            _ = try await verifier.verify(bundle: withoutIntermediate)
            Issue.record("a lab whose bundle lacks the intermediate was accepted")
        } catch {
            #expect(error.step == .chain)
        }
    }
}
