import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads files a verifier was handed, never more than a cap: a regular file over the cap is
/// refused from its size alone, anything else (a pipe, a device) after the cap plus one byte.
public enum BoundedFile {
    /// The whole file at `path`, if it holds at most `limit` bytes.
    /// - Parameters:
    ///   - path: The file.
    ///   - limit: The most bytes accepted.
    ///   - what: What the file is, for messages ("envelope", "report").
    /// - Throws: `fileUnreadable` if it cannot be opened or read; `limitExceeded` if it is larger than `limit`.
    public static func read(path: String, limit: Int, what: String) throws(AttestationError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw AttestationError(.fileUnreadable, "cannot read the \(what) \(path): \(reason)")
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) > limit {
            throw tooLarge(path: path, what: what, size: "\(status.st_size) bytes", limit: limit)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        var data = Data()
        while data.count <= limit {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count))
            } catch {
                throw AttestationError(
                    .fileUnreadable, "cannot read the \(what) \(path): \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { return data }
            data.append(chunk)
        }
        throw tooLarge(path: path, what: what, size: "more than \(limit) bytes", limit: limit)
    }

    private static func tooLarge(path: String, what: String, size: String, limit: Int) -> AttestationError {
        AttestationError(
            .limitExceeded,
            "the \(what) \(path) holds \(size), over the \(limit)-byte cap; "
                + "it is not an aitc \(what) (see Reports/SIGNING.md, Limits)")
    }
}
