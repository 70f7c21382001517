import Foundation

#if canImport(Glibc)
import Glibc
import Harness
#endif

/// The sink's sockets, opened in the namespace of the calling thread: an AF_PACKET capture bound to
/// one interface, and optionally DNS (UDP 53), UDP and TCP listeners on the sink's address.
struct Sockets {
    var packet: Int32 = -1
    var dns: Int32 = -1
    var udp: Int32 = -1
    var tcp: Int32 = -1

    static func open(interface: String, address: String?, port: UInt16) throws(PrivacyError) -> Sockets {
        var sockets = Sockets()
        do throws(PrivacyError) {
            try sockets.openCapture(interface)
            if let address {
                sockets.dns = try bound(Int32(SOCK_DGRAM.rawValue), address, 53)
                sockets.udp = try bound(Int32(SOCK_DGRAM.rawValue), address, port)
                sockets.tcp = try bound(Int32(SOCK_STREAM.rawValue), address, port)
                guard listen(sockets.tcp, 512) == 0 else {
                    throw .captureFailed("listen on \(address):\(port): \(Self.lastError())")
                }
            }
        } catch {
            sockets.closeAll()
            throw error
        }
        return sockets
    }

    private mutating func openCapture(_ interface: String) throws(PrivacyError) {
        let ethAll = UInt16(0x0003)
        packet = socket(
            AF_PACKET, Int32(SOCK_RAW.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
            Int32(ethAll.bigEndian))
        guard packet >= 0 else { throw .captureFailed("cannot open an AF_PACKET socket: \(Self.lastError())") }
        let index = if_nametoindex(interface)
        guard index > 0 else { throw .captureFailed("no interface '\(interface)' to capture on") }
        var address = [UInt8](repeating: 0, count: 20)
        address[0] = UInt8(AF_PACKET & 0xFF)
        address[2] = 0x00
        address[3] = 0x03
        withUnsafeBytes(of: Int32(index).littleEndian) { for (i, byte) in $0.enumerated() { address[4 + i] = byte } }
        let result = address.withUnsafeBytes { raw in
            bind(packet, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), 20)
        }
        guard result == 0 else { throw .captureFailed("cannot bind the capture to \(interface): \(Self.lastError())") }
        var on: Int32 = 1
        _ = setsockopt(packet, SOL_SOCKET, 35, &on, socklen_t(MemoryLayout<Int32>.size))  // SO_TIMESTAMPNS
        var bufferSize: Int32 = 8 << 20
        _ = setsockopt(packet, SOL_SOCKET, SO_RCVBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func bound(_ type: Int32, _ address: String, _ port: UInt16) throws(PrivacyError) -> Int32 {
        let fd = socket(AF_INET, type | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .captureFailed("cannot open a socket: \(lastError())") }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else {
            close(fd)
            throw .captureFailed("'\(address)' is not an IPv4 address")
        }
        let result = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let message = lastError()
            close(fd)
            throw .captureFailed("cannot bind \(address):\(port): \(message)")
        }
        return fd
    }

    mutating func closeAll() {
        for fd in [packet, dns, udp, tcp] where fd >= 0 { close(fd) }
        (packet, dns, udp, tcp) = (-1, -1, -1, -1)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
