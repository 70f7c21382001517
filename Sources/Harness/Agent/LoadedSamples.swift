/// The agent's answer to `load_samples`.
public struct LoadedSamples: Codable, Sendable {
    public let handle: String
    /// Number of samples in the set.
    public let count: Int
}
