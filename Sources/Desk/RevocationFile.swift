import Accreditation
import Attestation
import Foundation
import Locking

/// A revocation list file that a long-running verifier (the registry) follows while it runs: every
/// ``current()`` stats the file (device, inode, size, modification and status-change times, to the
/// nanosecond) and reads and verifies it again when any of them changed. A changed file that is
/// missing, does not verify against the root, or is older than the list in use is refused:
/// ``current()`` throws until the file is fixed (fail closed: an unreadable or rolled-back list
/// must not un-revoke a lab), and the list in use stays the one the next change is compared with.
package final class RevocationFile: Sendable {
    /// What identifies one version of the file without reading it.
    struct Stamp: Equatable {
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modified: timespec
        let changed: timespec

        static func == (lhs: Stamp, rhs: Stamp) -> Bool {
            lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
                && lhs.changed.tv_sec == rhs.changed.tv_sec && lhs.changed.tv_nsec == rhs.changed.tv_nsec
        }
    }

    /// The file's path.
    package let path: String
    private let root: VerifyingKey
    private let loaded: Locked<(stamp: Stamp, list: RevocationList)>

    /// Reads and verifies the list at `path`.
    /// - Throws: ``DeskError`` when the file cannot be read or is not a list signed by `root`.
    package init(path: String, root: VerifyingKey) throws(DeskError) {
        self.path = path
        self.root = root
        loaded = Locked(try Self.read(path: path, root: root))
    }

    /// The list as the file holds it now (re-read when the file changed since the last call).
    /// - Throws: ``DeskError`` with a sentence when the file changed into something that cannot be used.
    package func current() throws(DeskError) -> RevocationList {
        try loaded.withLock {
            (loaded: inout (stamp: Stamp, list: RevocationList)) throws(DeskError) -> RevocationList in
            guard let stamp = Self.stamp(path), stamp == loaded.stamp else {
                let fresh = try Self.read(path: path, root: root)
                guard fresh.list.issuedAt >= loaded.list.issuedAt else {
                    throw DeskError(
                        "the revocation list \(path) was replaced by one issued at \(Timestamp.format(fresh.list.issuedAt)), "
                            + "older than the list in use (issued at \(Timestamp.format(loaded.list.issuedAt))): an older list "
                            + "would un-revoke labs, so publishing is refused until the newest list is back")
                }
                loaded = fresh
                return fresh.list
            }
            return loaded.list
        }
    }

    /// Stats, then reads and verifies (in that order: a change after the stat is seen next time).
    private static func read(path: String, root: VerifyingKey) throws(DeskError) -> (stamp: Stamp, list: RevocationList)
    {
        guard let stamp = stamp(path) else {
            throw DeskError(
                "the revocation list \(path) is gone (\(String(cString: strerror(errno)))); publishing is refused until it is back"
            )
        }
        let bytes: Data
        do {
            bytes = try BoundedFile.read(
                path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "revocation list")
        } catch {
            throw DeskError("the revocation list \(path) cannot be read: \(error.reason)")
        }
        do {
            return (stamp, try RevocationList(envelope: bytes, root: root))
        } catch {
            throw DeskError("the revocation list \(path) no longer verifies: \(error.reason)")
        }
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size), modified: info.st_mtim,
            changed: info.st_ctim)
    }
}
