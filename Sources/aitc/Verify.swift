import ArgumentParser
import Attestation
import Certification
import Foundation

/// `aitc verify`: check a signed report envelope against trusted keys, or a Sigstore bundle
/// against an accreditation root in eight steps (Reports/ACCREDITATION.md).
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Verify a signed report: an envelope against lab keys (--trust), or a bundle against an accreditation root (--trust-root).",
        discussion: """
            Exit status 0 only for a report that passed every check; 1 with the reason (and, with --trust-root, the step) on \
            stderr; 64 for unusable options or trust files. With --trust-root the eight steps run in order: strict parse, \
            signature, chain at signing time, revocation, scope, lab fields, schema, re-derivation; given several bundles, \
            each is verified and named, and the exit status is 0 only if every one passed.
            """)

    @Argument(
        help:
            "The envelope (<report-id>.dsse.json) or, with --trust-root, the bundles (<report-id>.sigstore.json; several allowed)."
    )
    var envelopes: [String]

    /// The one envelope of `--trust` mode.
    var envelope: String { envelopes[0] }

    @Option(name: .customLong("trust"), help: "Trusted public key (PEM .pub, or a .key to derive it from). Repeatable.")
    var trusted: [String] = []

    @Option(help: "Accreditation root certificate (PEM): verify a Sigstore bundle in eight steps.")
    var trustRoot: String?

    @Option(help: "With --trust-root: the root's signed revocation list (PREFIX.revocations.json).")
    var revocations: String?

    @Option(
        help:
            "With --trust-root: where the standard files the report names by digest are looked up (default: the project's Standards/)."
    )
    var standards: String?

    @Flag(help: "With --trust-root: print the outcome of every step as JSON on standard output.")
    var json = false

    @Option(
        help:
            "The report file to check against the signed report (default: <id>.report.json beside the envelope, when present)."
    )
    var report: String?

    @Option(
        help:
            "An inclusion proof from `aitc registry publish|proof`: also check offline that the registry logged this very bundle."
    )
    var inclusion: String?

    @Option(help: "With --inclusion: the registry key (`<name>+<hash>+<key>`, or a file holding it).")
    var registryKey: String?

    func validate() throws {
        if (inclusion == nil) != (registryKey == nil) {
            throw ValidationError("--inclusion and --registry-key go together")
        }
        if inclusion != nil && envelopes.count != 1 { throw ValidationError("--inclusion checks one bundle") }
        if trustRoot == nil && trusted.isEmpty && inclusion == nil {
            throw ValidationError(
                "give --trust PUBKEY (a lab key), --trust-root ROOT.pem, or --inclusion PROOF --registry-key KEY")
        }
        if envelopes.isEmpty { throw ValidationError("give the envelope or bundle to verify") }
        if trustRoot == nil && envelopes.count > 1 {
            throw ValidationError("--trust verifies one envelope at a time; several bundles go with --trust-root")
        }
        if report != nil && envelopes.count > 1 { throw ValidationError("--report goes with a single bundle") }
        if trustRoot != nil && !trusted.isEmpty { throw ValidationError("give --trust or --trust-root, not both") }
        if trustRoot == nil && (revocations != nil || standards != nil || json) {
            throw ValidationError("--revocations, --standards and --json go with --trust-root")
        }
    }

    func run() throws {
        if let trustRoot { try runBundle(trustRoot: trustRoot) }
        if let inclusion, let registryKey { try runInclusion(proof: inclusion, registryKey: registryKey) }
        if trustRoot != nil || trusted.isEmpty { return }
        var keys: [VerifyingKey] = []
        for path in trusted {
            keys += try setup { try KeyFiles.loadVerifyingKeys(path: path) }
        }
        do {
            let limits = VerificationLimits.standard
            let data = try BoundedFile.read(path: envelope, limit: limits.maximumFileBytes, what: "envelope")
            let verified = try ReportAttestor.verify(envelope: data, trusting: keys, limits: limits)
            let reportFiles =
                report.map { [$0] }
                ?? verified.companionReportPaths(envelopePath: envelope).filter {
                    FileManager.default.fileExists(atPath: $0)
                }
            for path in reportFiles {
                try verified.requireReportFile(
                    try BoundedFile.read(path: path, limit: limits.maximumFileBytes, what: "report"), path: path)
            }
            let predicate = verified.predicate
            print("verified: signed by key \(verified.signerKeyID)")
            for key in ["report_id", "decision", "created_at"] {
                if let value = predicate[key]?.stringValue { print("\(key): \(value)") }
            }
            if let suite = predicate["suite"], let id = suite["id"]?.stringValue,
                let version = suite["version"]?.stringValue
            {
                print("suite: \(id) \(version)")
            }
            for path in reportFiles { print("report file: \(path) is the signed report, byte for byte") }
        } catch {
            printError("aitc verify: FAILED: \(ErrorSentence.sentence(for: error))")
            throw ExitCode(1)
        }
    }
}
