import ArgumentParser
import Attestation
import Foundation
import Registry
import Transparency

extension Verify {
    /// `--inclusion PROOF --registry-key KEY`: offline, that the registry's signed log holds this
    /// very bundle (the tree head's signature, then the audit path from the bundle's leaf hash).
    func runInclusion(proof path: String, registryKey: String) throws {
        let key = try loadRegistryKey(registryKey)
        let limits = VerificationLimits.standard
        let proofBytes = try setup { try BoundedFile.read(path: path, limit: 1 << 20, what: "inclusion proof") }
        let document: ProofDocument
        do {
            document = try JSONDecoder().decode(ProofDocument.self, from: proofBytes)
        } catch {
            throw ValidationError(
                "\(path) is not an inclusion proof written by `aitc registry publish` or `aitc registry proof`")
        }
        do {
            let bundle = try BoundedFile.read(path: envelope, limit: limits.maximumFileBytes, what: "bundle")
            let head = try document.verify(bundle: bundle, key: key)
            print(
                "logged: entry \(document.leafIndex) of the log \(head.origin) of \(head.treeSize) entries (tree head signed by \(key.verifierKey))"
            )
        } catch let error as TransparencyError {
            printError("aitc verify: NOT LOGGED: \(error.reason)")
            throw ExitCode(1)
        } catch let error as AttestationError {
            printError("aitc verify: NOT LOGGED: \(error.reason)")
            throw ExitCode(1)
        }
    }
}
