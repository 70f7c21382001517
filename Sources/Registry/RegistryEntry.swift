/// One published report as the registry lists it: its place in the log and its index fields.
public struct RegistryEntry: Sendable, Hashable, Codable {
    /// The entry's leaf index in the transparency log (0-based, in order of publication).
    public let leafIndex: UInt64
    /// SHA-256 of the bundle's bytes (lowercase hex): the bundle's name in the registry.
    public let bundleSHA256: String
    /// When the registry accepted it (RFC 3339 UTC).
    public let receivedAt: String
    /// The latest earlier entry for the same device and suite, if any.
    public let previousLeafIndex: UInt64?
    /// The index fields.
    public let report: IndexedReport
    /// Set when the lab certificate or a certificate of its chain is on the revocation list the
    /// registry follows now (worked out on every read; the entry itself never changes).
    package var revocation: RevocationNotice?

    enum CodingKeys: String, CodingKey {
        case leafIndex = "leaf_index"
        case bundleSHA256 = "bundle_sha256"
        case receivedAt = "received_at"
        case previousLeafIndex = "previous_leaf_index"
        case report, revocation
    }

    /// Creates an entry.
    public init(
        leafIndex: UInt64, bundleSHA256: String, receivedAt: String, previousLeafIndex: UInt64?, report: IndexedReport
    ) {
        self.revocation = nil
        self.leafIndex = leafIndex
        self.bundleSHA256 = bundleSHA256
        self.receivedAt = receivedAt
        self.previousLeafIndex = previousLeafIndex
        self.report = report
    }
}
