import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal SCPI power analyzer on 127.0.0.1 for the end-to-end energy tests: answers `*IDN?`
/// and the generic power query `MEAS:POW?` from a known trace of the harness host's monotonic
/// clock; `silentAfterIdentify` makes it never answer a power query (a meter that drops out).
/// Serves one connection at a time and stops by itself after `lifetimeSeconds`.
final class TracePowerServer: @unchecked Sendable {
    /// Power at host monotonic time `ns` (same clock as the harness and the local agent).
    let watts: @Sendable (Int64) -> Double
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false

    init(
        silentAfterIdentify: Bool = false, lifetimeSeconds: Double = 120, watts: @escaping @Sendable (Int64) -> Double
    ) throws {
        self.watts = watts
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        listener = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let deadline = Date().addingTimeInterval(lifetimeSeconds)
        Thread { [self] in serve(deadline: deadline, silent: silentAfterIdentify) }.start()
    }

    var url: String { "scpi://127.0.0.1:\(port)?preset=generic&rate=200&timeout_ms=200&accuracy=0.001" }

    func stop() { lock.withLock { stopped = true } }
    private var isStopped: Bool { lock.withLock { stopped } }

    static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    private func serve(deadline: Date, silent: Bool) {
        defer { close(listener) }
        while !isStopped && Date() < deadline {
            var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            let box = FDBox(fd)
            Thread { [self] in handle(box.fd, deadline: deadline, silent: silent) }.start()
        }
    }

    private func handle(_ fd: Int32, deadline: Date, silent: Bool) {
        defer { close(fd) }
        var pending = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !isStopped && Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { return }
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: 10) {
                let command = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                pending.removeSubrange(...newline)
                var reply: String?
                if command == "*IDN?" {
                    reply = "AITC-TEST,TRACE-SCPI,0001,1.0"
                } else if command.hasPrefix("MEAS:POW?") && !silent {
                    reply = String(format: "%.6E", watts(Self.nowNs()))
                }
                if let reply {
                    let bytes = Array((reply + "\n").utf8)
                    guard write(fd, bytes, bytes.count) == bytes.count else { return }
                }
            }
        }
    }

    private final class FDBox: @unchecked Sendable {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
    }
}
