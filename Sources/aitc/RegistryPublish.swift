import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness
import Logging
import Registry
import RegistryServer
import Transparency

/// `aitc registry publish`.
struct RegistryPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a bundle to a registry; print its entry and save the inclusion proof.",
        discussion:
            "Exit 0 when the registry holds the bundle (new or already published), 1 when it refused it (the step and reason are printed), 64 for unusable options."
    )

    @OptionGroup var bundle: RegistryBundleArgument

    @Option(help: "The registry's address, e.g. http://127.0.0.1:8420.")
    var to: String

    @Option(help: "Where to save the inclusion proof (default: <bundle>.inclusion.json beside the bundle).")
    var proof: String?

    func run() throws {
        let bytes = try bundle.read()
        let client = try registryClient(to)
        let outcome: Result<PublishReceipt, RegistryError> = Blocking.run {
            do throws(RegistryError) { return .success(try await client.publish(bytes)) } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let receipt):
            let path = proof ?? bundle.defaultProofPath
            try writeJSON(receipt.proof, to: path)
            let entry = receipt.entry
            print(
                "\(receipt.status): entry \(entry.leafIndex) of a log of \(receipt.proof.treeSize) (\(entry.report.device), \(entry.report.lab), \(entry.report.decision))"
            )
            if let previous = entry.previousLeafIndex { print("follows entry \(previous) (same device and suite)") }
            print("inclusion proof: \(path)")
        case .failure(let error):
            // "rejected at step N (…): reason" reads "REJECTED at step N (…): reason".
            let reason =
                error.kind == .rejected && error.reason.hasPrefix("rejected")
                ? "REJECTED" + error.reason.dropFirst(8) : error.reason
            printError("aitc registry publish: \(reason)")
            throw ExitCode(error.kind == .badRequest ? 64 : 1)
        }
    }
}
