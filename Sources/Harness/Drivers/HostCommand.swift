import Foundation

/// Runs a helper program on the harness host (adb, ssh, scp, the cross-build script) with a time
/// limit and returns what it printed.
struct HostCommand: Sendable {
    /// The program (a path, or a name looked up in PATH).
    let executable: String
    /// Extra environment entries.
    var environment: [String: String] = [:]

    /// The result of one invocation.
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `executable arguments…`, waiting at most `timeout` seconds. Throws `.unreachable` when
    /// it cannot start, does not finish in time, or (with `check`) exits non-zero.
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 60, check: Bool = true) throws(AgentError) -> Output {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let collected = OutputCollector()
        out.fileHandleForReading.readabilityHandler = { collected.append(stdout: $0.availableData) }
        err.fileHandleForReading.readabilityHandler = { collected.append(stderr: $0.availableData) }
        let shown = ([executable] + arguments).joined(separator: " ")
        do { try process.run() } catch {
            throw AgentError(.unreachable, "cannot run \(executable): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw AgentError(.unreachable, "`\(shown)` did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        collected.append(stdout: out.fileHandleForReading.readDataToEndOfFile())
        collected.append(stderr: err.fileHandleForReading.readDataToEndOfFile())
        let result = Output(status: process.terminationStatus, stdout: collected.stdout, stderr: collected.stderr)
        if check && result.status != 0 {
            let detail = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).suffix(400)
            throw AgentError(.unreachable, "`\(shown)` exited with status \(result.status): \(detail)")
        }
        return result
    }
}

/// Collects a child's output from the pipe handlers' threads.
private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func append(stdout data: Data) {
        lock.lock()
        out.append(data)
        lock.unlock()
    }

    func append(stderr data: Data) {
        lock.lock()
        err.append(data)
        lock.unlock()
    }

    var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: out, as: UTF8.self)
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: err, as: UTF8.self)
    }
}
