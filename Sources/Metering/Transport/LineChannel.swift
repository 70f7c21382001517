#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Newline-terminated text lines over one file descriptor (a socket or a pipe), every wait bounded
/// by `poll`: the one line transport of the package, under the agent transports (`Harness`) and
/// the meter connections (``LineConnection``).
///
/// Not thread-safe: one owner reads at a time (its users keep it in a ``Locked``). The descriptor
/// is not closed by the channel.
package struct LineChannel {
    /// The descriptor read from and written to.
    package let fd: Int32
    /// The longest line accepted; a longer one is a protocol violation.
    package let maxLineBytes: Int
    /// Whether a `\r` before the newline is dropped (instruments answer `\r\n`).
    package let stripsCarriageReturn: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private let isSocket: Bool

    #if canImport(Glibc)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let sendFlags: Int32 = 0
    #endif

    /// A channel over `fd`.
    package init(fd: Int32, maxLineBytes: Int, stripsCarriageReturn: Bool = false) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
        self.stripsCarriageReturn = stripsCarriageReturn
        var info = stat()
        isSocket = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    /// The next line without its newline, within `timeout` seconds.
    package mutating func readLine(timeout: Double) throws(LineFailure) -> String {
        let deadline = Self.now() + UInt64(max(0, timeout) * 1e9)
        var scanFrom = start
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if stripsCarriageReturn, end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                if start == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    start = 0
                } else if start > 1 << 20 && start * 2 > buffer.count {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            scanFrom = buffer.count
            if buffer.count - start > maxLineBytes { throw .tooLong(limit: maxLineBytes) }
            guard try wait(for: Int16(POLLIN), until: deadline) else { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .system(operation: "read", errno: errno)
            }
            if n == 0 { throw .closed }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Sends `line` and a newline within `timeout` seconds (a peer that stops reading times out).
    package func sendLine(_ line: String, timeout: Double) throws(LineFailure) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        let deadline = Self.now() + UInt64(max(0, timeout) * 1e9)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { raw in
                isSocket ? send(fd, raw.baseAddress, raw.count, Self.sendFlags) : write(fd, raw.baseAddress, raw.count)
            }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            guard n < 0 && errno == EAGAIN else { throw .system(operation: isSocket ? "send" : "write", errno: errno) }
            _ = try wait(for: Int16(POLLOUT), until: deadline)
        }
    }

    /// Polls for `events` until `deadline` (monotonic ns): whether the descriptor is ready (`false`
    /// after a signal or when poll's own wait ran out first; the caller asks again).
    private func wait(for events: Int16, until deadline: UInt64) throws(LineFailure) -> Bool {
        let now = Self.now()
        guard now < deadline else { throw .timeout }
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        let ready = poll(&pfd, 1, Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1)))
        if ready < 0 && errno != EINTR { throw .system(operation: "poll", errno: errno) }
        return ready > 0
    }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
