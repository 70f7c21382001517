import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness
import Registry

/// `aitc compare`: verified bundles side by side, refused when MLPerf-style comparability rules break.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare verified bundles: devices × clauses, refused across suites, versions, standards or modes.",
        discussion:
            "Every bundle is verified first (the eight steps of `aitc verify --trust-root`); an unverified one stops the comparison. Exit 0 comparable, 1 refused or unverified, 64 misuse."
    )

    @Argument(help: "The bundles (.sigstore.json).")
    var bundles: [String] = []

    @OptionGroup var policy: PolicyOptions

    @Option(help: "Also write the comparison as one HTML page.")
    var html: String?

    @Option(
        help:
            "A registry's address: compare the published bundles matching the filters below (each is verified here first)."
    )
    var from: String?

    @Option(help: "With --from: the device (manufacturer and model, as the registry lists it).")
    var device: String?

    @Option(help: "With --from: the device class.")
    var deviceClass: String?

    @Option(help: "With --from: the suite id.")
    var suite: String?

    @Option(help: "With --from: the suite version.")
    var suiteVersion: String?

    @Option(help: "With --from: the lab.")
    var lab: String?

    func validate() throws {
        if from == nil {
            guard bundles.count >= 2 else {
                throw ValidationError("give at least two bundles to compare, or --from URL with filters")
            }
            guard device == nil, deviceClass == nil, suite == nil, suiteVersion == nil, lab == nil else {
                throw ValidationError("--device, --device-class, --suite, --suite-version and --lab go with --from")
            }
        } else if !bundles.isEmpty {
            throw ValidationError("give bundles or --from URL, not both")
        }
    }

    func run() throws {
        let verifier = try policy.policy().verifier()
        var inputs: [(name: String, bytes: Data)] = []
        if let from {
            inputs = try fetch(from: from)
        } else {
            for path in bundles {
                inputs.append(
                    (
                        path,
                        try setup {
                            try BoundedFile.read(
                                path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle")
                        }
                    ))
            }
        }
        var documents: [ReportDocument] = []
        for (name, bytes) in inputs {
            let outcome = Blocking.run { await verifier.verify(bundle: bytes) }
            if let failure = outcome.failure {
                printError(
                    "aitc compare: \(name) is not verified — step \(failure.step.rawValue) (\(failure.step.name)): \(failure.reason)"
                )
                throw ExitCode(1)
            }
            let document = try setup { try ReportDocument.read(bytes: bytes, path: name) }
            documents.append(from == nil ? document : document.titled(name))
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

    /// The bundles a registry lists for the filters, each fetched byte for byte.
    private func fetch(from address: String) throws -> [(name: String, bytes: Data)] {
        let client = try registryClient(address)
        let filters: [(String, String?)] = [
            ("device", device), ("device_class", deviceClass), ("suite_id", suite), ("suite_version", suiteVersion),
            ("lab", lab),
        ]
        let query = filters.compactMap { name, value in value.map { (name, $0) } }
        let fetched: Result<[(name: String, bytes: Data)], RegistryError> = Blocking.run {
            do throws(RegistryError) {
                let listed = try await client.compare(query: query)
                var out: [(name: String, bytes: Data)] = []
                for entry in listed.entries {
                    let name = "\(entry.report.device) — \(entry.report.lab) #\(entry.leafIndex)"
                    // The registry's flag, from the revocation list it follows (this command's own
                    // --revocations, if given, is applied when each bundle is verified below).
                    if let revocation = entry.revocation {
                        print("note: \(name): the registry flags it: \(revocation.notice)")
                    }
                    out.append((name, try await client.bundle(sha256: entry.bundleSHA256)))
                }
                return .success(out)
            } catch {
                return .failure(error)
            }
        }
        switch fetched {
        case .success(let inputs):
            guard inputs.count >= 2 else {
                printError(
                    "aitc compare: the registry lists \(inputs.count) report(s) for these filters; a comparison needs two"
                )
                throw ExitCode(1)
            }
            return inputs
        case .failure(let error):
            printError("aitc compare: \(error.reason)")
            throw ExitCode(1)
        }
    }
}
