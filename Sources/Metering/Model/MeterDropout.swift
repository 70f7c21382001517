/// A stretch in which the meter gave no usable reading, recorded as evidence.
public struct MeterDropout: Codable, Sendable, Equatable {
    /// When the failure was noticed, nanoseconds on the meter host's monotonic clock.
    public let timeNs: Int64
    /// What went wrong (timeout, connection lost, malformed reply with the reply quoted).
    public let reason: String

    /// Creates a dropout record.
    public init(timeNs: Int64, reason: String) {
        self.timeNs = timeNs
        self.reason = reason
    }
}
