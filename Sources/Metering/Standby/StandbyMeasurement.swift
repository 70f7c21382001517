/// Standby power over a series of readings, with the regression that judges its stability.
public struct StandbyMeasurement: Codable, Sendable, Equatable {
    /// Mean of the readings, in watts.
    public let meanWatts: Double
    /// Uncertainty of the mean, in watts (stated accuracy, resolution, 2 × standard error).
    public let uncertaintyWatts: Double
    /// Regression slope of the readings over time, in watts per hour.
    public let slopeWattsPerHour: Double
    /// The slope relative to the mean, per hour.
    public let relativeSlopePerHour: Double
    /// Whether the slope is within the limit.
    public let stable: Bool
    /// Readings used.
    public let sampleCount: Int
    /// From first to last reading, in seconds.
    public let durationSeconds: Double
    /// False for software estimates.
    public let qualifying: Bool

    /// Creates a standby measurement.
    public init(
        meanWatts: Double, uncertaintyWatts: Double, slopeWattsPerHour: Double, relativeSlopePerHour: Double,
        stable: Bool, sampleCount: Int, durationSeconds: Double, qualifying: Bool
    ) {
        self.meanWatts = meanWatts
        self.uncertaintyWatts = uncertaintyWatts
        self.slopeWattsPerHour = slopeWattsPerHour
        self.relativeSlopePerHour = relativeSlopePerHour
        self.stable = stable
        self.sampleCount = sampleCount
        self.durationSeconds = durationSeconds
        self.qualifying = qualifying
    }
}
