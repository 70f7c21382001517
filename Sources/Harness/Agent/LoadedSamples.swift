/// The agent's answer to `load_samples`.
public struct LoadedSamples: Codable, Sendable {
    /// The agent's handle for the sample set, named in every `run`.
    public let handle: String
    /// Number of samples in the set.
    public let count: Int
}
