import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens a TCP connection with a deadline and the socket options a device channel needs.
enum SocketConnector {
    /// Keepalive after this many idle seconds.
    static let keepaliveIdleS: Int32 = 5
    /// Seconds between keepalive probes.
    static let keepaliveIntervalS: Int32 = 2
    /// Unanswered probes before the connection is declared dead.
    static let keepaliveProbes: Int32 = 3
    /// Milliseconds sent data may stay unacknowledged before the connection is declared dead
    /// (`TCP_USER_TIMEOUT`). Keepalive does not run while a request is in flight, so without this a
    /// request sent into a cut link was retransmitted for ~15 min; with it the loss shows within 10 s.
    static let userTimeoutMs: UInt32 = 10_000

    /// A connected, blocking socket with TCP_NODELAY and keepalive set.
    static func connect(host: String, port: Int, timeout: Double, endpoint: String) throws(AgentError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw AgentError(
                .unreachable, "\(endpoint): cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            current = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 {
                lastError = String(cString: strerror(errno))
                continue
            }
            if let problem = connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout) {
                lastError = problem
                Glibc.close(fd)
                continue
            }
            configure(fd)
            return fd
        }
        throw AgentError(
            .unreachable, "\(endpoint): cannot connect (\(lastError)); is `aitc-agent --listen` running there?")
    }

    /// Non-blocking connect bounded by `timeout`; nil on success, else the reason.
    private static func connect(
        _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: Double
    ) -> String? {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&pfd, 1, Int32(max(1, timeout * 1000)))
        if ready == 0 { return "timed out after \(timeout) s" }
        if ready < 0 { return String(cString: strerror(errno)) }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        return soError == 0 ? nil : String(cString: strerror(soError))
    }

    private static func configure(_ fd: Int32) {
        var one: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, size)
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, size)
        var idle = keepaliveIdleS
        var interval = keepaliveIntervalS
        var probes = keepaliveProbes
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &idle, size)
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &interval, size)
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, &probes, size)
        var userTimeout = userTimeoutMs
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, &userTimeout, socklen_t(MemoryLayout<UInt32>.size))
    }
}
