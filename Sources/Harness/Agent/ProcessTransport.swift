import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a device agent as a child process and talks to it over its stdin/stdout.
///
/// Used by the `local` driver, by emulator drivers that run the agent under `qemu-user`, and by the
/// ssh driver (the child is `ssh … exec aitc-agent`). The child's end is learnt from `waitpid`, and
/// `close()` ends and reaps it within a bound whatever the program does with its descriptors.
public final class ProcessTransport: AgentTransport, @unchecked Sendable {
    public let endpoint: String
    private let child: ChildProcess
    private let diagnostics: StreamTail
    private let lock = NSLock()
    private let sendLock = NSLock()
    private var reader: LineReader
    private var closed = false
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
        reader = LineReader(fd: child.outputDescriptor)
        diagnostics = StreamTail(stderrOf: child)
        endpoint = "agent pid \(child.pid)"
    }

    /// The child's process id.
    public var processIdentifier: Int32 { child.pid }

    public func send(line: String) throws(AgentError) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        sendLock.lock()
        defer { sendLock.unlock() }
        let deadline = MonotonicClock.now() + UInt64(Self.sendTimeout * 1e9)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(child.inputDescriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            guard written < 0 && errno == EAGAIN else {
                throw AgentError(.connectionLost, "\(endpoint) stopped reading its input (\(String(cString: strerror(errno))))\(tailSuffix())")
            }
            let now = MonotonicClock.now()
            guard now < deadline else {
                throw AgentError(.connectionLost, "\(endpoint) has not read its input for \(Int(Self.sendTimeout)) s")
            }
            var pfd = pollfd(fd: child.inputDescriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&pfd, 1, Int32(min(1000, (deadline - now) / 1_000_000 + 1)))
        }
    }

    public func receiveLine(timeout: Double) throws(AgentError) -> String {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try reader.readLine(timeout: timeout, endpoint: endpoint)
        } catch {
            if error.code == .connectionLost {
                let status = child.waitForExit(timeout: 0.2).map(\.description) ?? "still running"
                throw AgentError(.connectionLost, "\(error.message) (\(status))\(tailSuffix())")
            }
            throw error
        }
    }

    /// Closes its stdin (the agent's cue to exit), allows 2 s, then stops its process group; the
    /// child is reaped either way.
    public func close() {
        lock.lock()
        let wasClosed = closed
        closed = true
        lock.unlock()
        if wasClosed { return }
        child.closeInput()
        if child.waitForExit(timeout: 2) == nil { child.stop(grace: 0.2) }
        diagnostics.stop()
    }

    public func diagnosticTail() -> String {
        diagnostics.lines().joined(separator: "\n")
    }

    private func tailSuffix() -> String {
        let tail = diagnostics.lines().suffix(3).joined(separator: " | ")
        return tail.isEmpty ? "" : "; agent said: \(tail)"
    }

    deinit { close() }
}
