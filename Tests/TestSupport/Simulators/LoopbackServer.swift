import Foundation
import Locking
import Metering

/// A TCP server on 127.0.0.1 (ephemeral port) that hands each connection to a handler thread and
/// stops by itself after `lifetimeSeconds` or when stopped.
package final class LoopbackServer: @unchecked Sendable {
    package let port: Int
    private let listener: Int32
    private let stopped = Locked(false)
    private let connections = Locked(0)

    package init(lifetimeSeconds: Double = 120, handler: @escaping @Sendable (LineConnection, Int) -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw MeterError(.unreachable, "test server cannot listen") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let deadline = Date().addingTimeInterval(lifetimeSeconds)
        let thread = Thread { [self] in acceptLoop(deadline: deadline, handler: handler) }
        thread.start()
    }

    /// Whether the server has been told to stop or outlived its lifetime.
    package var isStopped: Bool { stopped.withLock { $0 } }

    package func stop() { stopped.withLock { $0 = true } }

    private func acceptLoop(deadline: Date, handler: @escaping @Sendable (LineConnection, Int) -> Void) {
        defer {
            close(listener)
            stop()
        }
        while !isStopped && Date() < deadline {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            let index = connections.withLock { count -> Int in
                count += 1
                return count
            }
            let connection = LineConnection(fd: fd)
            let box = ConnectionBox(connection)
            Thread { handler(box.connection, index) }.start()
        }
    }
}

/// Moves an accepted connection to its handler thread.
final class ConnectionBox: @unchecked Sendable {
    let connection: LineConnection
    init(_ connection: LineConnection) { self.connection = connection }
}
