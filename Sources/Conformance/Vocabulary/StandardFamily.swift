/// The family a standard file belongs to; one file per family.
public enum StandardFamily: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Responsiveness: latency, throughput, sustained performance.
    case latency
    /// Output quality against the workload's target; the quality gate of the other families.
    case quality
    /// Power and energy.
    case energy
    /// Data protection checks that a harness can run automatically.
    case privacy

    /// The family as written in standard files.
    public var description: String { rawValue }
}
