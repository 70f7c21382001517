import ArgumentParser
import Attestation
import Foundation

/// `aitc verify`: check a signed report envelope against trusted keys.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a signed report envelope (DSSE, in-toto Statement v1, Ed25519).",
        discussion: "Exit status 0 only for an untampered envelope signed by a trusted key; otherwise 1 with the reason on stderr.")

    @Argument(help: "The envelope file (<report-id>.dsse.json).")
    var envelope: String

    @Option(name: .customLong("trust"), help: "Trusted public key (PEM .pub, or a .key to derive it from). Repeatable.")
    var trusted: [String]

    func validate() throws {
        if trusted.isEmpty { throw ValidationError("give at least one --trust PUBKEY") }
    }

    func run() throws {
        var keys: [VerifyingKey] = []
        for path in trusted {
            keys += try usage { try KeyFiles.loadVerifyingKeys(path: path) }
        }
        guard let data = FileManager.default.contents(atPath: envelope) else {
            printError("aitc verify: cannot read \(envelope)")
            throw ExitCode(1)
        }
        do {
            let verified = try ReportAttestor.verify(envelope: data, trusting: keys)
            let predicate = verified.predicate
            print("verified: signed by key \(verified.signerKeyID)")
            for key in ["report_id", "decision", "created_at"] {
                if let value = predicate[key]?.stringValue { print("\(key): \(value)") }
            }
            if let suite = predicate["suite"], let id = suite["id"]?.stringValue, let version = suite["version"]?.stringValue {
                print("suite: \(id) \(version)")
            }
        } catch {
            printError("aitc verify: FAILED: \(error)")
            throw ExitCode(1)
        }
    }
}
