import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness
import X509

/// The regulator's verification policy from command-line files: root, revocation list, standards
/// folder. `aitc verify --trust-root`, `aitc compare` and `aitc registry serve` enforce the same one.
/// The revocation list is followed while the process runs (re-read when the file changes, checked
/// by every ``verifier()``), and the parsed standards are shared by every verifier it makes.
struct RegulatorPolicy: Sendable {
    let root: Certificate
    let revocations: RevocationFile?
    let rederivation: Rederivation

    /// Loads the files; every problem is a set-up error (exit 64).
    init(trustRoot: String, revocations: String?, standards: String?) throws {
        let roots = try setup { try CertificateFiles.load(path: trustRoot) }
        guard roots.count == 1 else {
            throw ValidationError("\(trustRoot) must hold exactly the root certificate, found \(roots.count)")
        }
        root = roots[0]
        if let revocations {
            let rootKey = try setup { try CertificateFiles.verifyingKey(of: roots[0]) }
            self.revocations = try setup { try RevocationFile(path: revocations, root: rootKey) }
        } else {
            self.revocations = nil
        }
        let standardsDirectory: String
        if let standards {
            standardsDirectory = standards
        } else {
            guard let layout = ProjectLayout.discover() else {
                throw ValidationError("no Standards/ folder found from here; give --standards DIR")
            }
            standardsDirectory = layout.standardsDirectory
        }
        rederivation = Rederivation(standardsDirectory: standardsDirectory)
    }

    /// The eight-step verifier, with the clock read now and the revocation list as its file is now.
    /// - Throws: ``DeskError`` when the revocation list file changed into one that cannot be used.
    func verifier() throws(DeskError) -> RegulatorVerifier {
        RegulatorVerifier(
            bundles: BundleVerifier(root: root, revocations: try revocations?.current(), now: Date()),
            rederivation: rederivation)
    }
}
