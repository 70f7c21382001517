import Foundation

/// Starts a remote `aitc-agent --listen` through a command that stays in the foreground (`adb
/// shell …`) and waits until the agent says where it listens.
final class AgentLauncher: @unchecked Sendable {
    private let process = Process()
    private var reader: LineReader?

    /// Runs `executable arguments…` and waits up to `timeout` s for a `listening HOST:PORT` line.
    init(executable: String, environment: [String: String] = [:], arguments: [String], timeout: Double = 30) throws(AgentError) {
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? arguments : [executable] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw AgentError(.unreachable, "cannot start the agent with \(executable): \(error.localizedDescription)")
        }
        var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor, maxLineBytes: 4096)
        do throws(AgentError) {
            let line = try reader.readLine(timeout: timeout, endpoint: "the device agent")
            guard line.hasPrefix("listening ") else {
                throw AgentError(.unreachable, "the device agent did not start: \(line.prefix(200))")
            }
        } catch {
            stop()
            throw AgentError(.unreachable, "the device agent did not start listening: \(error.message)")
        }
        self.reader = reader
    }

    /// Stops the foreground command (the agent itself exits after its one session).
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
    }
}
