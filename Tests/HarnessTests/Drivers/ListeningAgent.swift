import Foundation

@testable import Harness

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// The host agent started with `--listen 127.0.0.1:0`, a token file (mode 0600) and `--root` the
/// checkout (where the suites' files are); the port it bound is read from its first output line.
/// Killed when dropped.
final class ListeningAgent: @unchecked Sendable {
    let process = Process()
    let port: Int
    let token: String
    let tokenFile: String

    init(
        sessions: Int = 1, token: String = "test-token-0123456789abcdef", roots: [String] = [ProjectRoot.path],
        extraArguments: [String] = []
    ) throws {
        self.token = token
        let folder = try TemporaryFolder()
        tokenFile = try folder.writeSecret("token", token + "\n")
        process.executableURL = URL(fileURLWithPath: try AgentLocator.hostAgent())
        process.arguments =
            ["--listen", "127.0.0.1:0", "--token-file", tokenFile, "--sessions", String(sessions)]
            + roots.flatMap { ["--root", $0] } + extraArguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor, maxLineBytes: 4096)
        let line = try reader.readLine(timeout: 10, endpoint: "listening agent")
        guard line.hasPrefix("listening 127.0.0.1:"), let port = Int(line.split(separator: ":").last ?? "") else {
            throw AgentError(.protocolViolation, "unexpected announce line: \(line)")
        }
        self.port = port
    }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        kill()
        process.waitUntilExit()
    }
}
