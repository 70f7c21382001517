/// How a window's energy was obtained.
public enum IntegrationMethod: String, Codable, Sendable {
    /// Trapezoid integration of power samples.
    case powerSamples = "power-samples"
    /// Differences of a cumulative energy counter, wrap-around included.
    case energyCounter = "energy-counter"
    /// Readings that each average the interval they close (PTDaemon), weighted by their overlap.
    case intervalAverages = "interval-averages"
}
