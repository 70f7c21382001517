import Metering

/// Reads the agent's newline-terminated protocol lines from a file descriptor with a timeout: the
/// package's one line transport (`LineChannel`, in `Metering`) with agent errors.
///
/// Not thread-safe: one reader per descriptor, used from one thread at a time.
struct LineReader {
    private var channel: LineChannel
    /// The longest line accepted; a longer one is a protocol violation.
    var maxLineBytes: Int { channel.maxLineBytes }

    init(fd: Int32, maxLineBytes: Int = 256 << 20) {
        channel = LineChannel(fd: fd, maxLineBytes: maxLineBytes)
    }

    /// Returns the next line without its newline.
    mutating func readLine(timeout: Double, endpoint: String) throws(AgentError) -> String {
        do { return try channel.readLine(timeout: timeout) } catch {
            switch error {
            case .timeout: throw AgentError(.timeout, "\(endpoint) did not answer within \(timeout) s")
            case .tooLong(let limit):
                throw AgentError(.protocolViolation, "\(endpoint) sent a line longer than \(limit) bytes")
            case .closed: throw AgentError(.connectionLost, "\(endpoint) closed the connection")
            case .system: throw AgentError(.connectionLost, "\(endpoint): \(error.description)")
            }
        }
    }
}
