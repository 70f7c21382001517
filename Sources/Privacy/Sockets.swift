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
    /// rtnetlink, subscribed to link changes: the captured interface's carrier and state.
    var netlink: Int32 = -1
    /// The captured interface's index.
    var index: Int32 = 0
    /// Why ``netlink`` is not open (the capture goes on without link-state evidence).
    var netlinkProblem: String?

    static func open(interface: String, address: String?, port: UInt16) throws(PrivacyError) -> Sockets {
        var sockets = Sockets()
        do throws(PrivacyError) {
            try sockets.openCapture(interface)
            sockets.netlinkProblem = sockets.openLinkWatch()
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

    /// Binds a new capture to `interface` after it came back under a new index (the old socket is
    /// closed: its interface is gone).
    mutating func reopenCapture(_ interface: String) throws(PrivacyError) {
        if packet >= 0 { close(packet) }
        packet = -1
        try openCapture(interface)
    }

    private mutating func openCapture(_ interface: String) throws(PrivacyError) {
        let ethAll = UInt16(0x0003)
        packet = socket(
            AF_PACKET, Int32(SOCK_RAW.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
            Int32(ethAll.bigEndian))
        guard packet >= 0 else { throw .captureFailed("cannot open an AF_PACKET socket: \(Self.lastError())") }
        index = Int32(bitPattern: if_nametoindex(interface))
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

    /// Opens ``netlink`` (RTMGRP_LINK) and asks for the interface's present state; returns why
    /// it could not.
    private mutating func openLinkWatch() -> String? {
        let fd = socket(16, Int32(SOCK_RAW.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)  // AF_NETLINK, NETLINK_ROUTE
        guard fd >= 0 else { return "cannot open an rtnetlink socket: \(Self.lastError())" }
        // sockaddr_nl: family (2), pad (2), pid (4), groups (4): RTMGRP_LINK.
        var address = [UInt8](repeating: 0, count: 12)
        address[0] = 16
        address[8] = 1
        let bound = address.withUnsafeBytes { bind(fd, $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), 12) }
        // RTM_GETLINK (18), NLM_F_REQUEST, for this interface: nlmsghdr (16) + ifinfomsg (16).
        var request = [UInt8](repeating: 0, count: 32)
        request[0] = 32
        request[4] = 18
        request[6] = 1
        withUnsafeBytes(of: index.littleEndian) { for (i, byte) in $0.enumerated() { request[20 + i] = byte } }
        guard bound == 0, send(fd, request, request.count, 0) == request.count else {
            let problem = "cannot watch the link state: \(Self.lastError())"
            close(fd)
            return problem
        }
        netlink = fd
        return nil
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
        for fd in [packet, dns, udp, tcp, netlink] where fd >= 0 { close(fd) }
        (packet, dns, udp, tcp, netlink) = (-1, -1, -1, -1, -1)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
