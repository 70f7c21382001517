import Harness

/// One place a canary was found: the evidence behind a privacy failure.
package struct CanaryHit: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Digest of the canary (never its bytes).
    package let canaryDigest: String
    /// Where the canary was planted.
    package let origin: String
    /// `traffic`, `dns-name`, `sink-payload`, `storage`, `storage-after-erase`,
    /// `storage-after-cut-session` or `storage-after-exit`.
    package let source: String
    /// File path, flow or DNS name.
    package let location: String
    /// Byte offset in the file, frame or payload.
    package let offset: Int
    package let encoding: CanaryEncoding

    /// Creates a hit.
    package init(
        canaryDigest: String, origin: String, source: String, location: String, offset: Int, encoding: CanaryEncoding
    ) {
        self.canaryDigest = canaryDigest
        self.origin = origin
        self.source = source
        self.location = location
        self.offset = offset
        self.encoding = encoding
    }

    package var description: String {
        "canary \(canaryDigest) (\(origin)) in \(source) \(location) at offset \(offset) as \(encoding.rawValue)"
    }
}
