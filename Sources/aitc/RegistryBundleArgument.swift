import ArgumentParser
import Attestation
import Foundation
import Harness
import Registry

/// The bundle `aitc registry publish` and `aitc registry proof` take: how it is read and where its
/// inclusion proof goes by default.
struct RegistryBundleArgument: ParsableArguments {
    @Argument(help: "The bundle (<report-id>.sigstore.json).")
    var bundle: String

    /// Its bytes, at most the verifier's file limit; a set-up error (exit 64) otherwise.
    func read() throws -> Data {
        try setup {
            try BoundedFile.read(path: bundle, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle")
        }
    }

    /// `<bundle>.inclusion.json` beside the bundle (its `.sigstore.json` ending dropped).
    var defaultProofPath: String {
        (bundle.hasSuffix(".sigstore.json") ? String(bundle.dropLast(".sigstore.json".count)) : bundle)
            + ".inclusion.json"
    }
}
