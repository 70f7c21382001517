/// What the instrument itself said about one window, beyond its readings: the uncertainty it
/// estimated, samples it marked as errors or missed, and whether ranges were fixed.
public struct InstrumentStatement: Codable, Sendable, Equatable {
    /// The instrument's own uncertainty estimate for the window, as a fraction of the reading
    /// (PTDaemon's `Uncertainty` average); nil when it gave none.
    public let uncertaintyFraction: Double?
    /// Its largest per-sample uncertainty, as a fraction of the reading.
    public let maximumUncertaintyFraction: Double?
    /// Why no usable uncertainty was stated, when it was not.
    public let uncertaintyMissing: String?
    /// Samples the instrument marked as errors (PTDaemon −1) and as missed (−2); gaps, never power.
    public let errorSamples: Int
    /// Samples the instrument marked as missed (PTDaemon −2); gaps, never power.
    public let missedSamples: Int
    /// The ranges in use, as the instrument names them (`V 300, A 0.5`), or nil under auto ranging.
    public let ranges: String?
    /// The power range in use (voltage × current range), in watts, when the instrument said it.
    public var rangeWatts: Double? = nil
    /// How the instrument host's clock was placed on this host's for the window (PTDaemon: the
    /// offsets measured before and after it, and the drift between them), when it was measured.
    public var clock: String? = nil
    /// The instrument host's clock minus this host's applied to the window's stamps, in ns.
    public var clockOffsetNs: Double? = nil
    /// Channels read after the sum (a multi-channel analyzer read with `RL,*,*`); 0 for one channel.
    public var channels: Int = 0

    /// Creates a statement.
    public init(
        uncertaintyFraction: Double?, maximumUncertaintyFraction: Double?, uncertaintyMissing: String?,
        errorSamples: Int, missedSamples: Int, ranges: String?, rangeWatts: Double? = nil
    ) {
        self.rangeWatts = rangeWatts
        self.uncertaintyFraction = uncertaintyFraction
        self.maximumUncertaintyFraction = maximumUncertaintyFraction
        self.uncertaintyMissing = uncertaintyMissing
        self.errorSamples = errorSamples
        self.missedSamples = missedSamples
        self.ranges = ranges
    }
}
