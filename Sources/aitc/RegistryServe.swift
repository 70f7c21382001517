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

/// `aitc registry serve`.
struct RegistryServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the registry: accept bundles that pass the eight verification steps, log them, answer reads.",
        discussion:
            "Prints `listening on http://HOST:PORT` and the registry key (which clients pin) once it serves. Exit 64 for unusable options or files, 1 when the database holds a log that no longer matches its signed tree head."
    )

    @Option(
        help:
            "The database: sqlite:PATH (default sqlite:registry.sqlite) or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?tlsmode=disable]."
    )
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
                    writer: database.writer, reader: database.reader,
                    verifier: { () throws(RegistryError) -> RegulatorVerifier in
                        do throws(DeskError) {
                            return try policy.verifier()
                        } catch {
                            throw RegistryError(.unavailable, error.reason)
                        }
                    }, signer: signer,
                    limits: limits)
            } catch {
                return error.kind == .inconsistent ? "1:\(error.reason)" : "64:\(error.reason)"
            }
            do {
                try await RegistryServer.run(store: store, host: host, port: port, logger: logger) { bound in
                    // Unbuffered: whoever started the server waits for these lines.
                    let size = await store.treeHead().treeHead.treeSize
                    FileHandle.standardOutput.write(
                        Data(
                            """
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
