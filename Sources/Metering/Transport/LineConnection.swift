#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection that exchanges newline-terminated text lines, with every wait bounded.
///
/// Not thread-safe: one owner (a driver's polling thread or a single async call) uses it.
final class LineConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Longest line accepted before the peer is judged broken.
    static let maximumLineBytes = 1 << 20

    #if canImport(Glibc)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let sendFlags: Int32 = 0
    #endif

    /// Adopts a connected socket (the test simulators use it for accepted connections).
    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Connects to `host:port` within `timeoutMs`.
    static func open(host: String, port: Int, timeoutMs: Int) throws(MeterError) -> LineConnection {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else {
            throw MeterError(.unreachable, "cannot resolve meter host '\(host)'; check the meter URL")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw MeterError(.unreachable, "cannot create a socket (errno \(errno))") }
        let connection = LineConnection(fd: fd)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 && errno != EINPROGRESS {
            throw MeterError(.unreachable, "\(host):\(port) refused the connection (errno \(errno)); is the instrument on and its TCP port open?")
        }
        guard connection.wait(events: Int16(POLLOUT), timeoutMs: timeoutMs) else {
            throw MeterError(.unreachable, "\(host):\(port) did not accept a connection within \(timeoutMs) ms")
        }
        var soError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
        guard soError == 0 else {
            throw MeterError(.unreachable, "\(host):\(port) refused the connection (errno \(soError)); is the instrument on and its TCP port open?")
        }
        return connection
    }

    /// Sends `line` followed by a newline within `timeoutMs`.
    func sendLine(_ line: String, timeoutMs: Int) throws(MeterError) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var sent = 0
        var rounds = 0
        while sent < bytes.count {
            rounds += 1
            guard rounds < 10_000, wait(events: Int16(POLLOUT), timeoutMs: timeoutMs) else {
                throw MeterError(.timeout, "could not send '\(line)' within \(timeoutMs) ms")
            }
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Self.sendFlags) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw MeterError(.connectionLost, "sending '\(line)' failed (errno \(errno))")
            }
            sent += n
        }
    }

    /// Reads one line (without its terminator, `\r` stripped) within `timeoutMs`.
    func readLine(timeoutMs: Int) throws(MeterError) -> String {
        let deadline = HostClock.monotonicNs() + Int64(timeoutMs) * 1_000_000
        var chunk = [UInt8](repeating: 0, count: 4096)
        var rounds = 0
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var lineBytes = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if lineBytes.last == 0x0D { lineBytes.removeLast() }
                return String(decoding: lineBytes, as: UTF8.self)
            }
            guard buffer.count <= Self.maximumLineBytes else {
                throw MeterError(.protocolViolation, "a reply line exceeded \(Self.maximumLineBytes) bytes")
            }
            let remainingMs = Int((deadline - HostClock.monotonicNs()) / 1_000_000)
            rounds += 1
            guard remainingMs > 0, rounds < 100_000, wait(events: Int16(POLLIN), timeoutMs: remainingMs) else {
                throw MeterError(.timeout, "no reply within \(timeoutMs) ms")
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { throw MeterError(.connectionLost, "the instrument closed the connection") }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw MeterError(.connectionLost, "reading failed (errno \(errno))")
            }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Sends a command and reads its one-line reply.
    func query(_ command: String, timeoutMs: Int) throws(MeterError) -> String {
        try sendLine(command, timeoutMs: timeoutMs)
        return try readLine(timeoutMs: timeoutMs)
    }

    private func wait(events: Int16, timeoutMs: Int) -> Bool {
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        let ready = poll(&pfd, 1, Int32(clamping: max(0, timeoutMs)))
        return ready > 0
    }
}
