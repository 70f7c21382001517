import Foundation

#if canImport(Glibc)
import Glibc
import Harness
#endif

/// Moves the calling thread into a named network namespace (`/var/run/netns/NAME`), so sockets it
/// opens afterwards live there. Only the calling thread changes; use a dedicated thread.
enum NamespaceEntry {
    private typealias SetNS = @convention(c) (Int32, Int32) -> Int32
    private static let cloneNewNet: Int32 = 0x4000_0000

    /// Enters namespace `name` on the calling thread.
    static func enter(_ name: String) throws(PrivacyError) {
        let path = "/var/run/netns/\(name)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .captureFailed("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard let symbol = dlsym(nil, "setns") else { throw .captureFailed("this C library has no setns()") }
        let setns = unsafeBitCast(symbol, to: SetNS.self)
        guard setns(fd, cloneNewNet) == 0 else {
            throw .captureFailed("setns(\(name)) failed: \(String(cString: strerror(errno)))")
        }
    }
}
