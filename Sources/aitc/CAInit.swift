import Accreditation
import ArgumentParser
import Attestation
import Conformance
import Foundation

/// `aitc ca init`.
struct CAInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an accreditation root: PREFIX.key (0600), PREFIX.pub and PREFIX.crt (Ed25519 or P-256).")

    @Option(help: "The root's name (certificate common name).")
    var name: String

    @Option(help: "Path prefix of the files to write; existing files are never overwritten.")
    var out: String

    @Option(help: "Validity of the root certificate, in days.")
    var validDays: Int = 3650

    @Option(help: "The root key's algorithm: ed25519 or p256 (ECDSA P-256).")
    var algorithm: KeyAlgorithm = .ed25519

    func validate() throws {
        guard validDays >= 1 else { throw ValidationError("--valid-days must be at least 1") }
    }

    func run() throws {
        let root = try setup {
            try CertificateAuthority.initialize(name: name, prefix: out, validDays: validDays, algorithm: algorithm)
        }
        print(
            "root:        \(out).crt (\(CertificateFiles.commonName(of: root.certificate)), until \(root.certificate.notValidAfter))"
        )
        print("private key: \(out).key (mode 0600; keep it offline)")
        print("key id:      \(root.key.publicKey.keyID) (\(root.key.algorithm.displayName))")
    }
}
