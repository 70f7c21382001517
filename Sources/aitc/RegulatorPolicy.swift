import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness
import X509

/// The regulator's verification policy from command-line files: root, revocation list, standards
/// folder. `aitc verify --trust-root`, `aitc compare` and `aitc registry serve` enforce the same one.
struct RegulatorPolicy: Sendable {
    let root: Certificate
    let revocations: RevocationList?
    let standardsDirectory: String

    /// Loads the files; every problem is a set-up error (exit 64).
    init(trustRoot: String, revocations: String?, standards: String?) throws {
        let roots = try setup { try CertificateFiles.load(path: trustRoot) }
        guard roots.count == 1 else {
            throw ValidationError("\(trustRoot) must hold exactly the root certificate, found \(roots.count)")
        }
        root = roots[0]
        if let revocations {
            let bytes = try setup {
                try BoundedFile.read(
                    path: revocations, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list")
            }
            let rootKey = try setup { try CertificateFiles.verifyingKey(of: roots[0]) }
            self.revocations = try setup { try RevocationList(envelope: bytes, root: rootKey) }
        } else {
            self.revocations = nil
        }
        if let standards {
            standardsDirectory = standards
        } else {
            guard let layout = ProjectLayout.discover() else {
                throw ValidationError("no Standards/ folder found from here; give --standards DIR")
            }
            standardsDirectory = layout.standardsDirectory
        }
    }

    /// The eight-step verifier, with the clock read now.
    func verifier() -> RegulatorVerifier {
        RegulatorVerifier(
            bundles: BundleVerifier(root: root, revocations: revocations, now: Date()),
            rederivation: Rederivation(standardsDirectory: standardsDirectory))
    }
}
