import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Listens on this machine's loopback (TCP, an ephemeral port) and on a Unix socket path, counting
/// the bytes that arrive on each: where an escaping agent would deliver what it leaked.
final class EscapeListener: @unchecked Sendable {
    let port: UInt16
    let socketPath: String
    private let tcp: Int32
    private let unix: Int32
    private let flag = StopFlag()
    private let lock = NSLock()
    private var counts = (tcp: 0, unix: 0)
    private var stopped = false

    init(socketPath: String) throws {
        self.socketPath = socketPath
        let tcpSocket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        tcp = tcpSocket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(tcpSocket, $0, length) == 0 && getsockname(tcpSocket, $0, &length) == 0
            }
        }
        port = UInt16(bigEndian: address.sin_port)
        unix = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var local = sockaddr_un()
        local.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &local.sun_path) { raw in
            for (index, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let unixBound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(unix, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard bound, unixBound, listen(tcp, 16) == 0, listen(unix, 16) == 0 else {
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot listen on loopback or \(socketPath)"])
        }
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops (once) and returns the bytes received on each listener.
    @discardableResult
    func stop() -> (tcp: Int, unix: Int) {
        lock.lock()
        let first = !stopped
        stopped = true
        lock.unlock()
        if first {
            flag.set()
            flag.waitDone(seconds: 5)
            close(tcp)
            close(unix)
            unlink(socketPath)
        }
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    private func serve() {
        var clients: [Int32: Bool] = [:]  // fd → is unix
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !flag.isSet {
            var fds = [
                pollfd(fd: tcp, events: Int16(POLLIN), revents: 0), pollfd(fd: unix, events: Int16(POLLIN), revents: 0),
            ]
            for fd in clients.keys { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == tcp || entry.fd == unix {
                    let client = accept(entry.fd, nil, nil)
                    if client >= 0 { clients[client] = entry.fd == unix }
                } else {
                    let count = read(entry.fd, &buffer, buffer.count)
                    if count > 0 {
                        lock.lock()
                        if clients[entry.fd] == true { counts.unix += count } else { counts.tcp += count }
                        lock.unlock()
                    } else {
                        close(entry.fd)
                        clients[entry.fd] = nil
                    }
                }
            }
        }
        for fd in clients.keys { close(fd) }
        flag.done()
    }
}
