/// What a meter is, as the report must carry it: name, the instrument's own identify reply,
/// where it sits, how fast and how finely it reads, and how accurate it says it is.
public struct MeterIdentity: Codable, Sendable, Equatable {
    /// The lab's name for the meter (the URL or the sysfs source name).
    public let name: String
    /// The instrument's identify reply verbatim (`*IDN?`, PTDaemon `Identify`), or the driver name.
    public let model: String
    /// Where the meter sits.
    public let kind: MeterKind
    /// Samples per second the driver asks for.
    public let sampleRateHz: Double
    /// Smallest step of a reading, in watts (or joules for counters).
    public let resolution: Double
    /// The stated accuracy.
    public let accuracy: MeterAccuracy
    /// For cumulative energy counters: the value at which the counter wraps to zero, in joules.
    public let counterRangeJoules: Double?
    /// For instruments whose every reading is the average power over the interval it closes
    /// (PTDaemon): that interval in seconds. Nil for instantaneous readings.
    public let intervalAverageSeconds: Double?

    /// Creates a meter identity.
    public init(
        name: String, model: String, kind: MeterKind, sampleRateHz: Double, resolution: Double,
        accuracy: MeterAccuracy, counterRangeJoules: Double? = nil, intervalAverageSeconds: Double? = nil
    ) {
        self.name = name
        self.model = model
        self.kind = kind
        self.sampleRateHz = sampleRateHz
        self.resolution = resolution
        self.accuracy = accuracy
        self.counterRangeJoules = counterRangeJoules
        self.intervalAverageSeconds = intervalAverageSeconds
    }

    /// This identity with the instrument's own uncertainty for a window in place of the stated
    /// accuracy, when the instrument gave one (PTDaemon's `Uncertainty`).
    /// The range in use the instrument reported completes the datasheet's range term.
    public func stating(_ statement: InstrumentStatement?) -> MeterIdentity {
        guard let statement else { return self }
        let stated =
            statement.uncertaintyFraction.map { MeterAccuracy(fractionOfReading: $0, floorWatts: 0) }
            ?? accuracy.inRange(statement.rangeWatts)
        return MeterIdentity(
            name: name, model: model, kind: kind, sampleRateHz: sampleRateHz, resolution: resolution,
            accuracy: stated, counterRangeJoules: counterRangeJoules, intervalAverageSeconds: intervalAverageSeconds)
    }
}
