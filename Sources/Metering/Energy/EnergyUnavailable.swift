/// Why no energy figure can be given for a window: the clause using it is inconclusive.
public struct EnergyUnavailable: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The kind of reason.
    public enum Reason: String, Codable, Sendable {
        /// The window's end is not after its begin.
        case invalidWindow = "invalid-window"
        /// No usable sample fell strictly inside the window.
        case noSamples = "no-samples"
        /// Fewer samples than the policy requires.
        case tooSparse = "too-sparse"
        /// A stretch without samples longer than the policy allows.
        case gapTooLong = "gap-too-long"
        /// An energy counter went backwards and its wrap range is unknown.
        case counterRangeUnknown = "counter-range-unknown"
        /// The window's power is not above the idle baseline.
        case notAboveBaseline = "not-above-baseline"
    }

    /// The kind of reason.
    public let reason: Reason
    /// The details, for the report.
    public let message: String

    /// Creates a reason.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "energy unavailable (\(reason.rawValue)): \(message)" }
}
