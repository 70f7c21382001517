import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a file: device, inode, size, modification and status-change times to the
/// nanosecond. Any write to the file changes its status-change time, which no program can set
/// back, so an unchanged stamp means unchanged bytes.
struct FileStamp: Hashable, Sendable {
    private let device, inode: UInt64
    private let size: Int64
    private let modified, changed: [Int]

    /// The stamp of the file at `path`, or `nil` if it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = [info.st_mtimespec.tv_sec, info.st_mtimespec.tv_nsec]
        changed = [info.st_ctimespec.tv_sec, info.st_ctimespec.tv_nsec]
        #else
        modified = [info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
        changed = [info.st_ctim.tv_sec, info.st_ctim.tv_nsec]
        #endif
    }
}
