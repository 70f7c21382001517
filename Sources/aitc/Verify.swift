import Certification
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

    @Option(help: "The report file to check against the signed report (default: <id>.report.json beside the envelope, when present).")
    var report: String?

    func validate() throws {
        if trusted.isEmpty { throw ValidationError("give at least one --trust PUBKEY") }
    }

    func run() throws {
        var keys: [VerifyingKey] = []
        for path in trusted {
            keys += try setup { try KeyFiles.loadVerifyingKeys(path: path) }
        }
        do {
            let limits = VerificationLimits.standard
            let data = try BoundedFile.read(path: envelope, limit: limits.maximumFileBytes, what: "envelope")
            let verified = try ReportAttestor.verify(envelope: data, trusting: keys, limits: limits)
            let reportFiles = report.map { [$0] }
                ?? verified.companionReportPaths(envelopePath: envelope).filter { FileManager.default.fileExists(atPath: $0) }
            for path in reportFiles {
                try verified.requireReportFile(
                    try BoundedFile.read(path: path, limit: limits.maximumFileBytes, what: "report"), path: path)
            }
            let predicate = verified.predicate
            print("verified: signed by key \(verified.signerKeyID)")
            for key in ["report_id", "decision", "created_at"] {
                if let value = predicate[key]?.stringValue { print("\(key): \(value)") }
            }
            if let suite = predicate["suite"], let id = suite["id"]?.stringValue, let version = suite["version"]?.stringValue {
                print("suite: \(id) \(version)")
            }
            for path in reportFiles { print("report file: \(path) is the signed report, byte for byte") }
        } catch {
            printError("aitc verify: FAILED: \(ErrorSentence.sentence(for: error))")
            throw ExitCode(1)
        }
    }
}
