import Conformance
import Locking

/// Parsed standards by the SHA-256 digests of their files, in the order a report names them. A
/// digest names the file's exact bytes, so what was parsed for it never goes stale; whether the
/// standards folder still holds a file with that digest is checked on every use by
/// ``Rederivation`` (a standard withdrawn from the folder stops counting at once).
package final class StandardsCache: Sendable {
    /// At most this many digest lists are kept; the cache is emptied when it would grow past it
    /// (the keys can only be lists of files the folder holds, so it rarely fills).
    package static let capacity = 64

    private let sets = Locked<[[String]: StandardsSet]>([:])
    /// The SHA-256 of each standard file by path, with the stamp the file had when it was hashed.
    private let digests = Locked<[String: (stamp: FileStamp, digest: String)]>([:])

    /// Creates an empty cache.
    package init() {}

    /// The set parsed earlier for these digests, if any.
    package func set(digests: [String]) -> StandardsSet? {
        sets.withLock { $0[digests] }
    }

    /// Keeps `set` as the parse of the files with these digests.
    package func keep(_ set: StandardsSet, digests: [String]) {
        sets.withLock { sets in
            if sets.count >= Self.capacity { sets.removeAll() }
            sets[digests] = set
        }
    }

    /// The SHA-256 of the file at `path`: hashed again whenever its `stat` stamp changed, so a
    /// rewritten file counts at once; `nil` when it cannot be read.
    func digest(ofFileAt path: String, hashing: (String) -> String?) -> String? {
        guard let stamp = FileStamp(path: path) else { return nil }
        if let kept = digests.withLock({ $0[path] }), kept.stamp == stamp { return kept.digest }
        guard let digest = hashing(path) else { return nil }
        digests.withLock { kept in
            if kept.count >= Self.capacity * 16 { kept.removeAll() }
            kept[path] = (stamp, digest)
        }
        return digest
    }

    /// How many digest lists are held.
    package var count: Int { sets.withLock { $0.count } }
}
