/// How flat standby readings must be to count as stable (IEC 62301 style), from the standard's data.
///
/// Stable when |slope| ≤ max(relativePerHour × mean, absoluteWattsPerHour).
public struct StabilityLimit: Codable, Sendable, Equatable {
    /// Allowed slope as a fraction of the mean power per hour (0.01 = 1 %/h).
    public let relativePerHour: Double
    /// Allowed slope in watts per hour, for low powers where the relative rule is too strict.
    public let absoluteWattsPerHour: Double

    /// Creates a limit.
    public init(relativePerHour: Double, absoluteWattsPerHour: Double) {
        self.relativePerHour = relativePerHour
        self.absoluteWattsPerHour = absoluteWattsPerHour
    }
}
