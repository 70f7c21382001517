import Foundation
import TestSupport

/// `aitc registry serve` as a real process on a free loopback port, stopped at the end.
final class RegistryServerProcess: @unchecked Sendable {
    let process = Process()
    let url: String
    let registryKey: String

    struct NotStarted: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the server and waits (up to two minutes) for its `listening on` and `key` lines.
    init(arguments: [String], folder: String) throws {
        process.executableURL = URL(fileURLWithPath: try AitcProcess.executable())
        process.arguments = ["registry", "serve", "--listen", "127.0.0.1:0"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: ProjectRoot.path)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        var url: String?
        var key: String?
        while Date() < deadline, url == nil || key == nil {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("aitc registry: listening on ") {
                    url = String(line.dropFirst("aitc registry: listening on ".count))
                }
                if line.hasPrefix("aitc registry: key ") { key = String(line.dropFirst("aitc registry: key ".count)) }
            }
        }
        guard let url, let key else {
            process.terminate()
            process.waitUntilExit()
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw NotStarted(description: "aitc registry serve did not start: \(text) \(errors)")
        }
        self.url = url
        self.registryKey = key
    }

    /// A registry on a fresh `backend` database trusting the fixture's root, with a new registry key
    /// in a new folder (`folder`), started with `arguments` besides. ``stop()`` stops it; the
    /// database is dropped with `drop`.
    static func started(
        _ backend: RegistryBackend, fixture: RealReports.Fixture, arguments: [String] = []
    ) async throws -> (server: RegistryServerProcess, folder: String, drop: @Sendable () async -> Void) {
        let folder = try TemporaryFolder().path
        let (address, drop) = try await backend.freshDatabase()
        let keys = try AitcProcess.run(["keys", "generate", "--out", folder + "/registry"])
        guard keys.status == 0 else { throw NotStarted(description: "no registry key: \(keys.stderr)") }
        let server = try RegistryServerProcess(
            arguments: [
                "--db", address, "--trust-root", fixture.folder + "/root.crt", "--key", folder + "/registry.key",
            ] + arguments,
            folder: folder)
        return (server, folder, drop)
    }

    /// Stops the server (SIGTERM: it shuts down gracefully) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
