import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness

extension Verify {
    /// The eight steps on a bundle against an accreditation root, then the report file beside it.
    func runBundle(trustRoot: String) throws {
        let roots = try setup { try CertificateFiles.load(path: trustRoot) }
        guard roots.count == 1 else { throw ValidationError("\(trustRoot) must hold exactly the root certificate, found \(roots.count)") }
        let root = roots[0]
        var list: RevocationList?
        if let revocations {
            let bytes = try setup {
                try BoundedFile.read(path: revocations, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list")
            }
            let rootKey = try setup { try CertificateFiles.verifyingKey(of: root) }
            list = try setup { try RevocationList(envelope: bytes, root: rootKey) }
        }
        let standardsDirectory = try standards ?? project().standardsDirectory
        let bytes: Data
        do {
            bytes = try BoundedFile.read(path: envelope, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle")
        } catch {
            try reject(RegulatorOutcome(steps: [], failure: StepFailure(.strictParse, error.reason), report: nil))
        }
        let verifier = RegulatorVerifier(
            bundles: BundleVerifier(root: root, revocations: list),
            rederivation: Rederivation(standardsDirectory: standardsDirectory))
        let outcome = Blocking.run { await verifier.verify(bundle: bytes) }
        guard outcome.accepted, let accredited = outcome.report else { try reject(outcome) }
        // The report file beside the bundle, when there is one, must be the signed report.
        let reportFiles = report.map { [$0] }
            ?? accredited.report.companionReportPaths(envelopePath: envelope).filter { FileManager.default.fileExists(atPath: $0) }
        for path in reportFiles {
            do {
                try accredited.report.requireReportFile(
                    try BoundedFile.read(path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "report"), path: path)
            } catch {
                try reject(RegulatorOutcome(
                    steps: outcome.steps, failure: StepFailure(.strictParse, "report file: \(error.reason)"), report: nil))
            }
        }
        if json {
            print(outcome.jsonValue.canonicalString())
            return
        }
        for step in outcome.steps { print("step \(step.step.rawValue) \(step.step.name): \(step.status.rawValue) — \(step.message)") }
        for path in reportFiles { print("report file: \(path) is the signed report, byte for byte") }
        let predicate = accredited.report.predicate
        print("verified: \(predicate["report_id"]?.stringValue ?? "?") by \(accredited.labName), decision \(predicate["decision"]?.stringValue ?? "?")")
    }

    private func reject(_ outcome: RegulatorOutcome) throws -> Never {
        if json {
            print(outcome.jsonValue.canonicalString())
        } else {
            for step in outcome.steps { print("step \(step.step.rawValue) \(step.step.name): \(step.status.rawValue) — \(step.message)") }
        }
        if let failure = outcome.failure {
            printError("aitc verify: REJECTED at step \(failure.step.rawValue) (\(failure.step.name): \(failure.step.title)): \(failure.reason)")
        }
        throw ExitCode(1)
    }

    private func project() throws -> ProjectLayout {
        guard let layout = ProjectLayout.discover() else {
            throw ValidationError("no Standards/ folder found from here; give --standards DIR")
        }
        return layout
    }
}

/// Runs async work to completion from synchronous command code.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }
}
