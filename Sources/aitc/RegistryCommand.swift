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

/// `aitc registry`: serve the registry, publish to it, fetch proofs from it.
struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "The registry: labs publish verified bundles to an append-only, provable log (Docs/registry.md).",
        subcommands: [RegistryServe.self, RegistryPublish.self, RegistryProof.self])
}

/// `aitc registry serve`.
struct RegistryServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the registry: accept bundles that pass the eight verification steps, log them, answer reads.",
        discussion: "Prints `listening on http://HOST:PORT` and the registry key (which clients pin) once it serves. Exit 64 for unusable options or files, 1 when the database holds a log that no longer matches its signed tree head.")

    @Option(help: "The database: sqlite:PATH (default sqlite:registry.sqlite) or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?tlsmode=disable].")
    var db = "sqlite:registry.sqlite"

    @Option(help: "HOST:PORT to listen on (port 0: any free port).")
    var listen = "127.0.0.1:8420"

    @OptionGroup var regulator: PolicyOptions

    @Option(help: "The registry's Ed25519 key (from `aitc keys generate`): signs the tree heads.")
    var key: String

    @Option(help: "The log's name: first line of every tree head, and the key's name.")
    var origin = "aitc-registry"

    @Option(help: "The largest bundle accepted, in bytes.")
    var maxBundleBytes = 4 << 20

    func run() throws {
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port), !parts[0].isEmpty else {
            throw ValidationError("--listen is HOST:PORT, e.g. 127.0.0.1:8420")
        }
        let policy = try regulator.policy()
        let signingKey = try setup { try KeyFiles.loadSigningKey(path: key) }
        let signer: LogSigner
        do {
            signer = try LogSigner(origin: origin, key: signingKey)
        } catch {
            throw ValidationError("--origin: \(error.reason)")
        }
        let address = db
        let host = String(parts[0])
        let limits = RegistryLimits(maximumBundleBytes: maxBundleBytes)
        let failure: String? = Blocking.run {
            var logger = Logger(label: "aitc-registry")
            logger.logLevel = .warning
            let database: RegistryDatabase
            let store: RegistryStore
            do throws(RegistryError) {
                database = try await RegistryDatabase.open(address, logger: logger)
                store = try await RegistryStore.open(
                    writer: database.writer, reader: database.reader, verifier: { policy.verifier() }, signer: signer, limits: limits)
            } catch {
                return error.kind == .inconsistent ? "1:\(error.reason)" : "64:\(error.reason)"
            }
            do {
                try await RegistryServer.run(store: store, host: host, port: port, logger: logger) { bound in
                    // Unbuffered: whoever started the server waits for these lines.
                    let size = await store.treeHead().treeHead.treeSize
                    FileHandle.standardOutput.write(Data("""
                        aitc registry: listening on http://\(host):\(bound)
                        aitc registry: key \(signer.key.verifierKey)
                        aitc registry: log of \(size) entries

                        """.utf8))
                }
            } catch {
                await database.close()
                return "64:cannot serve on \(host):\(port): \(error)"
            }
            await database.close()
            return nil
        }
        if let failure {
            let split = failure.split(separator: ":", maxSplits: 1)
            printError("aitc registry serve: \(split[1])")
            throw ExitCode(Int32(split[0]) ?? 1)
        }
    }
}

/// `aitc registry publish`.
struct RegistryPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a bundle to a registry; print its entry and save the inclusion proof.",
        discussion: "Exit 0 when the registry holds the bundle (new or already published), 1 when it refused it (the step and reason are printed), 64 for unusable options.")

    @Argument(help: "The bundle (<report-id>.sigstore.json).")
    var bundle: String

    @Option(help: "The registry's address, e.g. http://127.0.0.1:8420.")
    var to: String

    @Option(help: "Where to save the inclusion proof (default: <bundle>.inclusion.json beside the bundle).")
    var proof: String?

    func run() throws {
        let bytes = try setup { try BoundedFile.read(path: bundle, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle") }
        let client = try registrySetup { () throws(RegistryError) in try RegistryClient(address: to) }
        let outcome: Result<PublishReceipt, RegistryError> = Blocking.run {
            do throws(RegistryError) { return .success(try await client.publish(bytes)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let receipt):
            let path = proof ?? RegistryProof.defaultProofPath(bundle: bundle)
            try writeJSON(receipt.proof, to: path)
            let entry = receipt.entry
            print("\(receipt.status): entry \(entry.leafIndex) of a log of \(receipt.proof.treeSize) (\(entry.report.device), \(entry.report.lab), \(entry.report.decision))")
            if let previous = entry.previousLeafIndex { print("follows entry \(previous) (same device and suite)") }
            print("inclusion proof: \(path)")
        case .failure(let error):
            // "rejected at step N (…): reason" reads "REJECTED at step N (…): reason".
            let reason = error.kind == .rejected && error.reason.hasPrefix("rejected") ? "REJECTED" + error.reason.dropFirst(8) : error.reason
            printError("aitc registry publish: \(reason)")
            throw ExitCode(error.kind == .badRequest ? 64 : 1)
        }
    }
}

/// `aitc registry proof`.
struct RegistryProof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Fetch a bundle's inclusion proof and check it; with --tree-head, also that the log still extends a head you kept.",
        discussion: "Exit 0 when every proof checks, 1 when one does not (the registry rewrote or dropped entries, or the bundle is not logged), 64 for unusable options.")

    @Argument(help: "The bundle (<report-id>.sigstore.json).")
    var bundle: String

    @Option(help: "The registry's address.")
    var from: String

    @Option(help: "The registry key (`<name>+<hash>+<key>` as `aitc registry serve` prints it, or a file holding it).")
    var registryKey: String

    @Option(help: "A signed tree head you kept earlier (a file): check that the log still extends it.")
    var treeHead: String?

    @Option(help: "Where to save the proof (default: <bundle>.inclusion.json).")
    var out: String?

    static func defaultProofPath(bundle: String) -> String {
        (bundle.hasSuffix(".sigstore.json") ? String(bundle.dropLast(".sigstore.json".count)) : bundle) + ".inclusion.json"
    }

    func run() throws {
        let bytes = try setup { try BoundedFile.read(path: bundle, limit: VerificationLimits.standard.maximumFileBytes, what: "bundle") }
        let key = try loadRegistryKey(registryKey)
        let held = try treeHead.map { path in try setup { try String(contentsOfFile: path, encoding: .utf8) } }
        let client = try registrySetup { () throws(RegistryError) in try RegistryClient(address: from) }
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
            print("included: entry \(proof.leafIndex) of the log \(head.origin) of \(head.treeSize) entries (signed head verified)")
            if let held {
                guard let consistency else { throw TransparencyError("the tree head in \(treeHead ?? "") is not signed by this registry key") }
                let newer = try consistency.verify(extending: held, key: key)
                print("consistent: the log of \(newer.treeSize) entries extends the head of \(consistency.oldSize) you kept")
            }
        } catch {
            printError("aitc registry proof: FAILED: \(error.reason)")
            throw ExitCode(1)
        }
        let path = out ?? Self.defaultProofPath(bundle: bundle)
        try writeJSON(proof, to: path)
        let headPath = path + ".tree-head"
        try Data(proof.treeHead.utf8).write(to: URL(fileURLWithPath: headPath))
        print("proof: \(path); tree head: \(headPath) (keep it to check later that the log only grew)")
    }
}

/// The registry key from its string or a file holding it; a set-up error (64) otherwise.
func loadRegistryKey(_ text: String) throws -> TreeHeadKey {
    let value = FileManager.default.fileExists(atPath: text) ? ((try? String(contentsOfFile: text, encoding: .utf8)) ?? "") : text
    do {
        return try TreeHeadKey(verifierKey: value)
    } catch {
        throw ValidationError("--registry-key: \(error.reason)")
    }
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
