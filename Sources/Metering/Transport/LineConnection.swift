#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection to an instrument that exchanges newline-terminated text lines, with every
/// wait bounded: a ``LineChannel`` (the package's one line transport) worded for meters.
///
/// Not thread-safe: one owner (a driver's polling thread or a single async call) uses it.
package final class LineConnection {
    private var channel: LineChannel
    /// Longest line accepted before the peer is judged broken.
    static let maximumLineBytes = 1 << 20

    /// Adopts a connected socket (the test simulators use it for accepted connections).
    package init(fd: Int32) {
        channel = LineChannel(fd: fd, maxLineBytes: Self.maximumLineBytes, stripsCarriageReturn: true)
    }

    deinit { close(channel.fd) }

    /// Connects to `host:port` within `timeoutMs`.
    package static func open(host: String, port: Int, timeoutMs: Int) throws(MeterError) -> LineConnection {
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
            throw MeterError(
                .unreachable,
                "\(host):\(port) refused the connection (errno \(errno)); is the instrument on and its TCP port open?")
        }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&pfd, 1, Int32(clamping: max(0, timeoutMs))) > 0 else {
            throw MeterError(.unreachable, "\(host):\(port) did not accept a connection within \(timeoutMs) ms")
        }
        var soError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
        guard soError == 0 else {
            throw MeterError(
                .unreachable,
                "\(host):\(port) refused the connection (errno \(soError)); is the instrument on and its TCP port open?"
            )
        }
        return connection
    }

    /// Sends `line` followed by a newline within `timeoutMs`.
    package func sendLine(_ line: String, timeoutMs: Int) throws(MeterError) {
        do { try channel.sendLine(line, timeout: Double(timeoutMs) / 1000) } catch {
            switch error {
            case .timeout: throw MeterError(.timeout, "could not send '\(line)' within \(timeoutMs) ms")
            default: throw MeterError(.connectionLost, "sending '\(line)' failed: \(error.description)")
            }
        }
    }

    /// Reads one line (without its terminator, `\r` stripped) within `timeoutMs`.
    package func readLine(timeoutMs: Int) throws(MeterError) -> String {
        do { return try channel.readLine(timeout: Double(timeoutMs) / 1000) } catch {
            switch error {
            case .timeout: throw MeterError(.timeout, "no reply within \(timeoutMs) ms")
            case .tooLong: throw MeterError(.protocolViolation, "a reply line exceeded \(Self.maximumLineBytes) bytes")
            case .closed: throw MeterError(.connectionLost, "the instrument closed the connection")
            case .system: throw MeterError(.connectionLost, error.description)
            }
        }
    }

    /// Discards every line already received or arriving within `graceMs` of the last one (a reply
    /// longer than it announced), and returns how many there were.
    package func discardPending(graceMs: Int) -> Int {
        var discarded = 0
        while discarded < 10_000, (try? channel.readLine(timeout: Double(graceMs) / 1000)) != nil { discarded += 1 }
        return discarded
    }

    /// Sends a command and reads its one-line reply.
    package func query(_ command: String, timeoutMs: Int) throws(MeterError) -> String {
        try sendLine(command, timeoutMs: timeoutMs)
        return try readLine(timeoutMs: timeoutMs)
    }
}
