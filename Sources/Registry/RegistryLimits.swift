/// What the registry accepts: bounds on requests, so no body or query can exhaust it.
public struct RegistryLimits: Sendable, Equatable {
    /// The largest bundle accepted, in bytes.
    public var maximumBundleBytes: Int
    /// The most entries one list or comparison returns.
    public var maximumListed: Int

    /// Creates limits.
    public init(maximumBundleBytes: Int = 4 << 20, maximumListed: Int = 1000) {
        self.maximumBundleBytes = maximumBundleBytes
        self.maximumListed = maximumListed
    }
}
