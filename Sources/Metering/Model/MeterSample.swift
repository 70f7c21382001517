/// One reading, stamped on the meter host's CLOCK_MONOTONIC.
public struct MeterSample: Codable, Sendable, Equatable {
    /// When the reading was taken, nanoseconds on the meter host's monotonic clock.
    public let timeNs: Int64
    /// Instantaneous (or interval-average) power, in watts.
    public let watts: Double?
    /// Cumulative energy counter, in joules (wraps at the meter's counter range).
    public let joules: Double?

    /// Creates a sample; at least one of `watts` and `joules` should be present.
    public init(timeNs: Int64, watts: Double? = nil, joules: Double? = nil) {
        self.timeNs = timeNs
        self.watts = watts
        self.joules = joules
    }
}
