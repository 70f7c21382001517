import Harness

/// A figure the caller knows in advance will be absent, and why: no meter was given, the privacy
/// audit is turned off. The dry run lists the clauses it leaves inconclusive.
public struct PlannedAbsence: Sendable, Equatable {
    /// The metrics concerned: a catalogue name, or a family prefix ending in `.` (`energy.`).
    public let metrics: String
    /// Why the figures will be absent.
    public let reason: String
    /// The device concerned; nil for every device.
    public let device: DeviceSpec?

    /// An absence of `metrics` (a name or a prefix ending in `.`) for `reason`, on `device` (nil:
    /// every device).
    public init(metrics: String, reason: String, device: DeviceSpec? = nil) {
        self.metrics = metrics
        self.reason = reason
        self.device = device
    }

    /// Whether `metric` on `device` is one of the figures concerned.
    public func covers(_ metric: String, on device: DeviceSpec) -> Bool {
        guard self.device == nil || self.device == device else { return false }
        return metrics.hasSuffix(".") ? metric.hasPrefix(metrics) : metric == metrics
    }
}
