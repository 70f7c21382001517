/// What the caller (from the standard's data, never from code) requires of a window's samples.
public struct EnergyPolicy: Codable, Sendable, Equatable {
    /// Fewer samples strictly inside the window than this makes the figure unavailable.
    public let minimumSamples: Int
    /// A stretch without samples longer than this fraction of the window makes it unavailable.
    public let maximumGapFraction: Double
    /// Power subtracted from the window's average (idle baseline), if any.
    public let baseline: PowerLevel?

    /// Creates a policy.
    public init(minimumSamples: Int, maximumGapFraction: Double, baseline: PowerLevel? = nil) {
        self.minimumSamples = minimumSamples
        self.maximumGapFraction = maximumGapFraction
        self.baseline = baseline
    }
}
