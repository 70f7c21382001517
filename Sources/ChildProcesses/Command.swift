#if canImport(Glibc)
import Glibc
#endif

/// A program run to completion with a time bound, its output captured.
///
/// The child's exit (not the end of its output) ends the wait: a daemon it leaves behind holding
/// its stdout cannot stall the harness; what arrives within `drainSeconds` after the exit is kept.
public struct Command: Sendable {
    /// The program: a path, or a name looked up in the environment's PATH.
    public var executable: String
    /// The arguments after the program name.
    public var arguments: [String]
    /// The full environment; nil for the harness's own.
    public var environment: [String: String]?
    /// Bytes kept from each of stdout and stderr; more is dropped and `truncated` set.
    public var outputLimit = 16 << 20
    /// Seconds to collect output after the child ended.
    public var drainSeconds = 0.25

    /// A command for `executable` with `arguments`; `environment` nil keeps the harness's own.
    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// The command line as a person would type it, for messages.
    public var shown: String { ([executable] + arguments).joined(separator: " ") }

    /// Runs it, waiting at most `timeout` seconds; past that, its process group is killed and
    /// `.timedOut` thrown. A non-zero exit is not an error here: see `CommandOutput.exit`.
    public func run(timeout: Double) throws(ChildProcessError) -> CommandOutput {
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, output: .pipe, error: .pipe)
        var streams = [Capture(fd: child.outputDescriptor), Capture(fd: child.errorDescriptor)]
        for stream in streams { _ = fcntl(stream.fd, F_SETFL, fcntl(stream.fd, F_GETFL) | O_NONBLOCK) }
        let deadline = ChildProcess.now() + max(0, timeout)
        var endedAt: Double?
        while true {
            let now = ChildProcess.now()
            let exit = child.exitStatus()
            if exit != nil && endedAt == nil { endedAt = now }
            let open = streams.indices.filter { streams[$0].open }
            if let exit, open.isEmpty || now >= endedAt! + drainSeconds {
                return output(exit, streams)
            }
            if exit == nil && now >= deadline {
                let ended = child.stop(grace: 1) ?? .signaled(SIGKILL)
                throw ChildProcessError(
                    .timedOut, "`\(shown)` did not finish within \(Self.seconds(timeout)) s and was stopped",
                    partialOutput: output(ended, streams))
            }
            var fds = open.map { pollfd(fd: streams[$0].fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 10)
            guard ready > 0 else { continue }
            for (slot, index) in open.enumerated() where fds[slot].revents != 0 {
                streams[index].read(limit: outputLimit)
            }
        }
    }

    private func output(_ exit: ChildExit, _ streams: [Capture]) -> CommandOutput {
        CommandOutput(
            exit: exit, stdout: String(decoding: streams[0].bytes, as: UTF8.self),
            stderr: String(decoding: streams[1].bytes, as: UTF8.self), truncated: streams.contains { $0.dropped })
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// One captured stream.
    private struct Capture {
        let fd: Int32
        var bytes: [UInt8] = []
        var open = true
        var dropped = false

        init(fd: Int32) { self.fd = fd }

        mutating func read(limit: Int) {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                let room = max(0, limit - bytes.count)
                bytes.append(contentsOf: chunk[0..<min(count, room)])
                if count > room { dropped = true }
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                open = false
            }
        }
    }
}
