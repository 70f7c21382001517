/// Everything a meter recorded during one logging window.
public struct MeterLog: Codable, Sendable, Equatable {
    /// The meter that recorded it.
    public let identity: MeterIdentity
    /// The label the window was opened with.
    public let label: String
    /// When the window opened and closed on the meter host's monotonic clock.
    public let startNs: Int64
    /// When the window closed on the meter host's monotonic clock, in nanoseconds.
    public let stopNs: Int64
    /// Usable readings in time order.
    public let samples: [MeterSample]
    /// Failures while the window was open (never replaced by invented readings).
    public let dropouts: [MeterDropout]
    /// Reconnections made during the window.
    public let reconnects: Int
    /// What the instrument said about the window (its uncertainty, marked samples, ranges), if anything.
    public let statement: InstrumentStatement?
    /// Uncertainty of mapping the meter's own stamps onto this host's clock (a PTDaemon host's
    /// measured clock offset), in ns; 0 when the readings were stamped on this host.
    public let stampUncertaintyNs: Double

    /// Creates a log.
    public init(
        identity: MeterIdentity, label: String, startNs: Int64, stopNs: Int64,
        samples: [MeterSample], dropouts: [MeterDropout], reconnects: Int, statement: InstrumentStatement? = nil,
        stampUncertaintyNs: Double = 0
    ) {
        self.identity = identity
        self.label = label
        self.startNs = startNs
        self.stopNs = stopNs
        self.samples = samples
        self.dropouts = dropouts
        self.reconnects = reconnects
        self.statement = statement
        self.stampUncertaintyNs = stampUncertaintyNs
    }
}
