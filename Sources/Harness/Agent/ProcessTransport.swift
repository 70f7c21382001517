import ChildProcesses
import Foundation
import Locking
import Metering

#if canImport(Glibc)
import Glibc
#endif

/// Runs a device agent as a child process and talks to it over its stdin/stdout.
///
/// Used by the `local` driver, by emulator drivers that run the agent under `qemu-user`, and by the
/// ssh driver (the child is `ssh … exec aitc-agent`). The child's end is learnt from `waitpid`, and
/// `close()` ends and reaps it within a bound whatever the program does with its descriptors.
public final class ProcessTransport: AgentTransport, @unchecked Sendable {
    /// `agent pid N`: the child the transport talks to, for messages.
    public let endpoint: String
    private let child: ChildProcess
    private let diagnostics: StreamTail
    /// The reader of the agent's output and whether the transport is closed.
    private let reading: Locked<ReadState>
    private typealias ReadState = (reader: LineReader, closed: Bool)
    /// The agent's input, one line at a time.
    private let sending: Locked<LineChannel>
    /// Seconds a request may wait for the agent to accept its bytes before the channel counts as lost.
    static let sendTimeout = 120.0

    /// Starts `executable` with `arguments`; `environment` nil is the harness's own.
    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil) throws(AgentError) {
        signal(SIGPIPE, SIG_IGN)
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, environment: environment, input: .pipe, output: .pipe,
                error: .pipe)
        } catch {
            throw AgentError(.unreachable, "could not start the agent: \(error.message)")
        }
        _ = fcntl(child.inputDescriptor, F_SETFL, fcntl(child.inputDescriptor, F_GETFL) | O_NONBLOCK)
        reading = Locked((LineReader(fd: child.outputDescriptor), false))
        sending = Locked(LineChannel(fd: child.inputDescriptor, maxLineBytes: 0))
        diagnostics = StreamTail(stderrOf: child)
        endpoint = "agent pid \(child.pid)"
    }

    /// The child's process id.
    public var processIdentifier: Int32 { child.pid }

    /// Writes one line to the agent's stdin; a closed pipe is a lost device.
    public func send(line: String) throws(AgentError) {
        try sending.withLock { (channel: inout LineChannel) throws(AgentError) in
            do throws(LineFailure) { try channel.sendLine(line, timeout: Self.sendTimeout) } catch {
                if error == .timeout {
                    throw AgentError(
                        .connectionLost, "\(endpoint) has not read its input for \(Int(Self.sendTimeout)) s")
                }
                throw AgentError(
                    .connectionLost, "\(endpoint) stopped reading its input: \(error.description)\(tailSuffix())")
            }
        }
    }

    /// Reads the agent's next stdout line, waiting at most `timeout` seconds; its end is a lost device.
    public func receiveLine(timeout: Double) throws(AgentError) -> String {
        try reading.withLock { (state: inout ReadState) throws(AgentError) -> String in
            do throws(AgentError) {
                return try state.reader.readLine(timeout: timeout, endpoint: endpoint)
            } catch {
                if error.code == .connectionLost {
                    let status = child.waitForExit(timeout: 0.2).map(\.description) ?? "still running"
                    throw AgentError(.connectionLost, "\(error.message) (\(status))\(tailSuffix())")
                }
                throw error
            }
        }
    }

    /// Closes its stdin (the agent's cue to exit), allows 2 s, then stops its process group; the
    /// child is reaped either way.
    public func close() {
        let wasClosed = reading.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        if wasClosed { return }
        child.closeInput()
        if child.waitForExit(timeout: 2) == nil { child.stop(grace: 0.2) }
        diagnostics.stop()
    }

    /// The last lines the agent wrote to stderr, for the error a person reads.
    public func diagnosticTail() -> String {
        diagnostics.lines().joined(separator: "\n")
    }

    private func tailSuffix() -> String {
        let tail = diagnostics.lines().suffix(3).joined(separator: " | ")
        return tail.isEmpty ? "" : "; agent said: \(tail)"
    }

    deinit { close() }
}
