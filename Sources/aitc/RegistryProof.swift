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

/// `aitc registry proof`.
struct RegistryProof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract:
            "Fetch a bundle's inclusion proof and check it; with --tree-head, also that the log still extends a head you kept.",
        discussion:
            "Exit 0 when every proof checks, 1 when one does not (the registry rewrote or dropped entries, or the bundle is not logged), 64 for unusable options."
    )

    @OptionGroup var bundle: RegistryBundleArgument

    @Option(help: "The registry's address.")
    var from: String

    @Option(help: "The registry key (`<name>+<hash>+<key>` as `aitc registry serve` prints it, or a file holding it).")
    var registryKey: String

    @Option(help: "A signed tree head you kept earlier (a file): check that the log still extends it.")
    var treeHead: String?

    @Option(help: "Where to save the proof (default: <bundle>.inclusion.json).")
    var out: String?

    func run() throws {
        let bytes = try bundle.read()
        let key = try loadRegistryKey(registryKey)
        let held = try treeHead.map { path in try setup { try String(contentsOfFile: path, encoding: .utf8) } }
        let client = try registryClient(from)
        let sha = RegistryClient.name(of: bytes)
        let fetched: Result<(ProofDocument, ConsistencyDocument?), RegistryError> = Blocking.run {
            do throws(RegistryError) {
                let proof = try await client.inclusionProof(bundleSHA256: sha)
                var consistency: ConsistencyDocument?
                if let held, let old = try? SignedTreeHead(note: held, key: key) {
                    consistency = try await client.consistencyProof(from: old.treeHead.treeSize)
                }
                return .success((proof, consistency))
            } catch {
                return .failure(error)
            }
        }
        let (proof, consistency): (ProofDocument, ConsistencyDocument?)
        switch fetched {
        case .success(let value): (proof, consistency) = value
        case .failure(let error):
            printError("aitc registry proof: FAILED: \(error.reason)")
            throw ExitCode(1)
        }
        do throws(TransparencyError) {
            let head = try proof.verify(bundle: bytes, key: key)
            print(
                "included: entry \(proof.leafIndex) of the log \(head.origin) of \(head.treeSize) entries (signed head verified)"
            )
            if let held {
                guard let consistency else {
                    throw TransparencyError("the tree head in \(treeHead ?? "") is not signed by this registry key")
                }
                let newer = try consistency.verify(extending: held, key: key)
                print(
                    "consistent: the log of \(newer.treeSize) entries extends the head of \(consistency.oldSize) you kept"
                )
            }
        } catch {
            printError("aitc registry proof: FAILED: \(error.reason)")
            throw ExitCode(1)
        }
        let path = out ?? bundle.defaultProofPath
        try writeJSON(proof, to: path)
        let headPath = path + ".tree-head"
        try Data(proof.treeHead.utf8).write(to: URL(fileURLWithPath: headPath))
        print("proof: \(path); tree head: \(headPath) (keep it to check later that the log only grew)")
    }
}

/// The registry key from its string or a file holding it; a set-up error (64) otherwise.
func loadRegistryKey(_ text: String) throws -> TreeHeadKey {
    let value =
        FileManager.default.fileExists(atPath: text)
        ? ((try? String(contentsOfFile: text, encoding: .utf8)) ?? "") : text
    do {
        return try TreeHeadKey(verifierKey: value)
    } catch {
        throw ValidationError("--registry-key: \(error.reason)")
    }
}

/// A client of the registry at `address`; an address that is not one is a usage error (exit 64).
func registryClient(_ address: String) throws -> RegistryClient {
    try registrySetup { () throws(RegistryError) in try RegistryClient(address: address) }
}

/// A registry set-up step whose failure is a usage error (exit 64).
func registrySetup<T>(_ body: () throws(RegistryError) -> T) throws -> T {
    do { return try body() } catch { throw ValidationError(error.reason) }
}

/// Writes a document as sorted JSON.
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    try encoder.encode(value).write(to: URL(fileURLWithPath: path))
}
