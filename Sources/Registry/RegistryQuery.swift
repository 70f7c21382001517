/// A filter over published entries; every field set must match. Newest first.
public struct RegistryQuery: Sendable, Equatable {
    /// `manufacturer model` of the device, as indexed.
    public var device: String?
    /// The device class.
    public var deviceClass: String?
    /// The suite's id.
    public var suiteID: String?
    /// The suite's version.
    public var suiteVersion: String?
    /// The lab's name.
    public var lab: String?
    /// The report's decision (`conformant`, `not-conformant`, …).
    public var decision: String?
    /// A standard file's SHA-256 the report was judged by.
    public var standardSHA256: String?
    /// `finished_at` at or after this RFC 3339 time.
    public var finishedFrom: String?
    /// `finished_at` before this RFC 3339 time.
    public var finishedBefore: String?
    /// Entries with a leaf index below this (paging backwards).
    public var beforeLeafIndex: UInt64?
    /// At most this many (capped by ``RegistryLimits/maximumListed``).
    public var limit: Int

    /// A query with no filter.
    public init(limit: Int = 100) {
        self.limit = limit
    }
}
