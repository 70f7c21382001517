import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness

/// `aitc compare`: verified bundles side by side, refused when MLPerf-style comparability rules break.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare verified bundles: devices × clauses, refused across suites, versions, standards or modes.",
        discussion: "Every bundle is verified first (the eight steps of `aitc verify --trust-root`); an unverified one stops the comparison. Exit 0 comparable, 1 refused or unverified, 64 misuse.")

    @Argument(help: "The bundles (.sigstore.json).")
    var bundles: [String]

    @Option(help: "Accreditation root certificate (PEM).")
    var trustRoot: String

    @Option(help: "The root's signed revocation list.")
    var revocations: String?

    @Option(help: "Where the standard files are looked up by digest (default: the project's Standards/).")
    var standards: String?

    @Option(help: "Also write the comparison as one HTML page.")
    var html: String?

    func validate() throws {
        guard bundles.count >= 2 else { throw ValidationError("give at least two bundles to compare") }
    }

    func run() throws {
        let roots = try setup { try CertificateFiles.load(path: trustRoot) }
        var list: RevocationList?
        if let revocations {
            let bytes = try setup { try BoundedFile.read(path: revocations, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list") }
            list = try setup { try RevocationList(envelope: bytes, root: try CertificateFiles.verifyingKey(of: roots[0])) }
        }
        guard let standardsDirectory = standards ?? ProjectLayout.discover()?.standardsDirectory else {
            throw ValidationError("no Standards/ folder found from here; give --standards DIR")
        }
        let verifier = RegulatorVerifier(
            bundles: BundleVerifier(root: roots[0], revocations: list), rederivation: Rederivation(standardsDirectory: standardsDirectory))
        var documents: [ReportDocument] = []
        for path in bundles {
            let bytes = try setup { try BoundedFile.read(path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle") }
            let outcome = Blocking.run { await verifier.verify(bundle: bytes) }
            if let failure = outcome.failure {
                printError("aitc compare: \(path) is not verified — step \(failure.step.rawValue) (\(failure.step.name)): \(failure.reason)")
                throw ExitCode(1)
            }
            documents.append(try setup { try ReportDocument.load(path: path) })
        }
        let comparison = ReportComparison(documents: documents)
        if let html { try setup { try comparison.html().write(toFile: html, atomically: true, encoding: .utf8) } }
        for finding in comparison.findings where !finding.refused { print("note: \(finding.reason)") }
        let refusals = comparison.findings.filter(\.refused)
        guard refusals.isEmpty else {
            for finding in refusals { printError("aitc compare: not comparable: \(finding.reason)") }
            throw ExitCode(1)
        }
        print(comparison.table(), terminator: "")
    }
}
