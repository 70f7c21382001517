import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates files that must not exist yet, with their permissions set at creation time.
enum ExclusiveFile {
    /// Creates `path` with `open(O_CREAT|O_EXCL|O_NOFOLLOW, mode)`, writes `contents` and syncs.
    ///
    /// The file is never more permissive than `mode`, not even for an instant, and an existing
    /// file or symbolic link at `path` is never touched.
    /// - Throws: `keyFileExists` if something exists at `path`; `keyFileIO` for other failures.
    static func create(path: String, contents: Data, mode: mode_t) throws(AttestationError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST {
                throw AttestationError(
                    .keyFileExists,
                    "\(path) already exists; refusing to overwrite a key — "
                        + "choose another prefix or move the old files away")
            }
            throw AttestationError(.keyFileIO, "cannot create \(path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        // umask can only remove bits; set the exact mode so the owner can always read the key.
        guard fchmod(descriptor, mode) == 0 else {
            throw failure("cannot set the mode of", path, errno)
        }
        let written = contents.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += result
            }
            return true
        }
        guard written else { throw failure("cannot write", path, errno) }
        guard fsync(descriptor) == 0 else { throw failure("cannot sync", path, errno) }
    }

    private static func failure(_ action: String, _ path: String, _ code: Int32) -> AttestationError {
        AttestationError(.keyFileIO, "\(action) \(path): \(String(cString: strerror(code)))")
    }
}
