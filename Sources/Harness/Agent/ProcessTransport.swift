import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a device agent as a child process and talks to it over its stdin/stdout.
///
/// Used by the `local` driver, and by emulator drivers that run the agent under `qemu-user`.
public final class ProcessTransport: AgentTransport, @unchecked Sendable {
    public let endpoint: String
    private let process: Process
    private let stdinHandle: FileHandle
    private let lock = NSLock()
    private let tailLock = NSLock()
    private var reader: LineReader
    private var stderrTail: [String] = []
    private var closed = false

    /// Starts `executable` with `arguments`.
    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil) throws(AgentError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw AgentError(.unreachable, "could not start the agent \(executable): \(error.localizedDescription)")
        }
        self.process = process
        self.stdinHandle = input.fileHandleForWriting
        self.reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)
        self.endpoint = "agent pid \(process.processIdentifier)"
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.appendDiagnostics(String(decoding: data, as: UTF8.self))
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// The child's process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    public func send(line: String) throws(AgentError) {
        var data = Data(line.utf8)
        data.append(UInt8(ascii: "\n"))
        do {
            try stdinHandle.write(contentsOf: data)
        } catch {
            throw AgentError(.connectionLost, "\(endpoint) stopped reading its input: \(error.localizedDescription)")
        }
    }

    public func receiveLine(timeout: Double) throws(AgentError) -> String {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try reader.readLine(timeout: timeout, endpoint: endpoint)
        } catch {
            if error.code == .connectionLost {
                Thread.sleep(forTimeInterval: 0.05)
                let status = process.isRunning ? "still running" : describeExit()
                throw AgentError(.connectionLost, "\(error.message) (\(status))\(tailSuffix())")
            }
            throw error
        }
    }

    public func close() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        if wasClosed { return }
        try? stdinHandle.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 0.1)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
    }

    public func diagnosticTail() -> String {
        tailLock.lock()
        defer { tailLock.unlock() }
        return stderrTail.joined(separator: "\n")
    }

    private func appendDiagnostics(_ text: String) {
        tailLock.lock()
        defer { tailLock.unlock() }
        stderrTail.append(contentsOf: text.split(separator: "\n").map(String.init))
        if stderrTail.count > 20 { stderrTail.removeFirst(stderrTail.count - 20) }
    }

    private func describeExit() -> String {
        switch process.terminationReason {
        case .uncaughtSignal: return "killed by signal \(process.terminationStatus)"
        case .exit: return "exited with status \(process.terminationStatus)"
        @unknown default: return "ended"
        }
    }

    private func tailSuffix() -> String {
        tailLock.lock()
        let tail = stderrTail.suffix(3).joined(separator: " | ")
        tailLock.unlock()
        return tail.isEmpty ? "" : "; agent said: \(tail)"
    }

    deinit { close() }
}
