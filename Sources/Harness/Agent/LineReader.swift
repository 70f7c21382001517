#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-terminated lines from a file descriptor with a timeout, using `poll`.
///
/// Not thread-safe: one reader per descriptor, used from one thread at a time.
struct LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// The longest line accepted; a longer one is a protocol violation.
    let maxLineBytes: Int

    init(fd: Int32, maxLineBytes: Int = 256 << 20) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
    }

    /// Returns the next line without its newline.
    mutating func readLine(timeout: Double, endpoint: String) throws(AgentError) -> String {
        let deadline = MonotonicClock.now() + UInt64(max(0, timeout) * 1e9)
        var scanFrom = start
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                if start > 1 << 20 && start * 2 > buffer.count {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            scanFrom = buffer.count
            if buffer.count - start > maxLineBytes {
                throw AgentError(.protocolViolation, "\(endpoint) sent a line longer than \(maxLineBytes) bytes")
            }
            let now = MonotonicClock.now()
            if now >= deadline {
                throw AgentError(.timeout, "\(endpoint) did not answer within \(timeout) s")
            }
            let remainingMs = Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, remainingMs)
            if ready < 0 {
                if errno == EINTR { continue }
                throw AgentError(.connectionLost, "\(endpoint): poll failed (errno \(errno))")
            }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw AgentError(.connectionLost, "\(endpoint): read failed (errno \(errno))")
            }
            if n == 0 {
                throw AgentError(.connectionLost, "\(endpoint) closed the connection")
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
