#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on the harness's loopback that was free a moment ago (the kernel picks it).
enum FreePort {
    static func find() throws(AgentError) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw AgentError(.unreachable, "cannot open a socket to pick a port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw AgentError(.unreachable, "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
