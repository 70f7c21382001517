import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness

extension Verify {
    /// The eight steps on each bundle against an accreditation root, then the report file beside it.
    func runBundle(trustRoot: String) throws {
        let roots = try setup { try CertificateFiles.load(path: trustRoot) }
        guard roots.count == 1 else {
            throw ValidationError("\(trustRoot) must hold exactly the root certificate, found \(roots.count)")
        }
        let root = roots[0]
        var list: RevocationList?
        if let revocations {
            let bytes = try setup {
                try BoundedFile.read(
                    path: revocations, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list")
            }
            let rootKey = try setup { try CertificateFiles.verifyingKey(of: root) }
            list = try setup { try RevocationList(envelope: bytes, root: rootKey) }
        }
        let standardsDirectory = try standards ?? project().standardsDirectory
        let verifier = RegulatorVerifier(
            bundles: BundleVerifier(root: root, revocations: list),
            rederivation: Rederivation(standardsDirectory: standardsDirectory))
        let several = envelopes.count > 1
        var rejected = 0
        for path in envelopes {
            if several && !json { print("== \(path)") }
            if !verifyBundle(path: path, with: verifier, named: several) { rejected += 1 }
        }
        if several && !json { print("\(envelopes.count - rejected) of \(envelopes.count) bundles verified") }
        if rejected > 0 { throw ExitCode(1) }
    }

    /// One bundle through the eight steps; prints the outcome and returns whether it passed.
    private func verifyBundle(path: String, with verifier: RegulatorVerifier, named: Bool) -> Bool {
        let bytes: Data
        do {
            bytes = try BoundedFile.read(
                path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle")
        } catch {
            return reject(
                RegulatorOutcome(steps: [], failure: StepFailure(.strictParse, error.reason), report: nil), path: path,
                named: named)
        }
        let outcome = Blocking.run { await verifier.verify(bundle: bytes) }
        guard outcome.accepted, let accredited = outcome.report else {
            return reject(outcome, path: path, named: named)
        }
        // The report file beside the bundle, when there is one, must be the signed report.
        let reportFiles =
            report.map { [$0] }
            ?? accredited.report.companionReportPaths(envelopePath: path).filter {
                FileManager.default.fileExists(atPath: $0)
            }
        for file in reportFiles {
            do {
                try accredited.report.requireReportFile(
                    try BoundedFile.read(
                        path: file, limit: VerificationLimits.standard.maximumFileBytes, what: "report"), path: file)
            } catch {
                return reject(
                    RegulatorOutcome(
                        steps: outcome.steps, failure: StepFailure(.strictParse, "report file: \(error.reason)"),
                        report: nil),
                    path: path, named: named)
            }
        }
        if json {
            print(Self.json(outcome, path: path, named: named).canonicalString())
            return true
        }
        for step in outcome.steps {
            print("step \(step.step.rawValue) \(step.step.name): \(step.status.rawValue) — \(step.message)")
        }
        for file in reportFiles { print("report file: \(file) is the signed report, byte for byte") }
        let predicate = accredited.report.predicate
        print(
            "verified: \(predicate["report_id"]?.stringValue ?? "?") by \(accredited.labName), decision \(predicate["decision"]?.stringValue ?? "?")"
        )
        return true
    }

    /// Prints a rejection (the step named on stderr) and returns false.
    private func reject(_ outcome: RegulatorOutcome, path: String, named: Bool) -> Bool {
        if json {
            print(Self.json(outcome, path: path, named: named).canonicalString())
        } else {
            for step in outcome.steps {
                print("step \(step.step.rawValue) \(step.step.name): \(step.status.rawValue) — \(step.message)")
            }
        }
        if let failure = outcome.failure {
            printError(
                "aitc verify: \(named ? "\(path): " : "")REJECTED at step \(failure.step.rawValue) (\(failure.step.name): "
                    + "\(failure.step.title)): \(failure.reason)")
        }
        return false
    }

    /// The outcome as JSON; with several bundles, one line each, naming its file.
    private static func json(_ outcome: RegulatorOutcome, path: String, named: Bool) -> JSONValue {
        guard named, case .object(var members) = outcome.jsonValue else { return outcome.jsonValue }
        members["bundle"] = .string(path)
        return .object(members)
    }

    private func project() throws -> ProjectLayout {
        guard let layout = ProjectLayout.discover() else {
            throw ValidationError("no Standards/ folder found from here; give --standards DIR")
        }
        return layout
    }
}
