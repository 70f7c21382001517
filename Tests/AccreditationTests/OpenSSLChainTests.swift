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

    @Test("openssl verify accepts lab ← root, refuses it against another root, and shows the scope extension")
    func verifyChain() throws {
        let folder = try Lab.folder()
        let root = try CertificateAuthority.initialize(name: "Test Accreditation Body", prefix: folder + "/root", validDays: 3650)
        let lab = try Lab.issue(by: root, name: "Lab A")
        try CertificateFiles.pem(lab.certificate).write(toFile: folder + "/lab.crt", atomically: true, encoding: .utf8)
        let good = try Self.openssl(["verify", "-x509_strict", "-CAfile", folder + "/root.crt", folder + "/lab.crt"])
        #expect(good.status == 0 && good.output.contains(": OK"), "\(good.output)")
        let other = try CertificateAuthority.initialize(name: "Other Body", prefix: folder + "/other", validDays: 3650)
        _ = other
        let bad = try Self.openssl(["verify", "-CAfile", folder + "/other.crt", folder + "/lab.crt"])
        #expect(bad.status != 0, "\(bad.output)")
        let text = try Self.openssl(["x509", "-in", folder + "/lab.crt", "-noout", "-text"])
        #expect(text.output.contains("2.25.375898545805002081"), "\(text.output)")
        #expect(text.output.contains("ED25519"), "\(text.output)")
        #expect(text.output.contains("CA:FALSE"), "\(text.output)")
        // The serial aitc writes in revocation lists is openssl's, lower-cased.
        let serial = try Self.openssl(["x509", "-in", folder + "/lab.crt", "-noout", "-serial"])
        #expect(serial.output.lowercased().contains("serial=" + CertificateFiles.serialHex(lab.certificate)), "\(serial.output)")
    }

    @Test("openssl checks the bundle's DSSE signature with the public key from the lab certificate")
    func signatureWithOpenSSL() throws {
        let folder = try Lab.folder()
        let root = try CertificateAuthority.initialize(name: "Body", prefix: folder + "/root", validDays: 3650)
        let lab = try Lab.issue(by: root, name: "Lab A")
        let bundle = try SigstoreBundle.sign(report: lab.report(), reportName: "R-1.report.json", key: lab.key, chain: [lab.certificate])
        let payload = try bundle.envelope.decodedPayload()
        var pae = DSSE.pae(payloadType: bundle.envelope.payloadType, payload: payload)
        try pae.write(to: URL(fileURLWithPath: folder + "/pae.bin"))
        try Data(base64Encoded: bundle.envelope.signatures[0].sig)!.write(to: URL(fileURLWithPath: folder + "/sig.bin"))
        try CertificateFiles.pem(lab.certificate).write(toFile: folder + "/lab.crt", atomically: true, encoding: .utf8)
        #expect(try Self.openssl(["x509", "-in", folder + "/lab.crt", "-pubkey", "-noout", "-out", folder + "/lab.pub"]).status == 0)
        let good = try Self.openssl(["pkeyutl", "-verify", "-pubin", "-inkey", folder + "/lab.pub", "-rawin", "-in", folder + "/pae.bin", "-sigfile", folder + "/sig.bin"])
        #expect(good.status == 0, "\(good.output)")
        pae[pae.count - 2] ^= 1
        try pae.write(to: URL(fileURLWithPath: folder + "/pae.bin"))
        let bad = try Self.openssl(["pkeyutl", "-verify", "-pubin", "-inkey", folder + "/lab.pub", "-rawin", "-in", folder + "/pae.bin", "-sigfile", folder + "/sig.bin"])
        #expect(bad.status != 0)
    }
}
