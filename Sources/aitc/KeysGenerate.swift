import ArgumentParser
import Attestation
import Certification

/// `aitc keys generate --out PREFIX`.
struct KeysGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write a new key pair: PREFIX.key (mode 0600) and PREFIX.pub.")

    @Option(help: "Path prefix of the key files.")
    var out: String

    @Option(help: "ed25519 (default) or p256 (ECDSA P-256, for labs whose accreditation body asks for it).")
    var algorithm: KeyAlgorithm = .ed25519

    func run() throws {
        let key = try setup { try KeyFiles.generate(prefix: out, algorithm: algorithm) }
        print("wrote \(out).key (private, mode 0600) and \(out).pub")
        print("key id: \(key.keyID)")
    }
}

extension KeyAlgorithm: ExpressibleByArgument {}
