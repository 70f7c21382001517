/// The energy drawn during one window, with its uncertainty and the figures reports quote.
public struct EnergyMeasurement: Codable, Sendable, Equatable {
    /// How the energy was obtained.
    public let method: IntegrationMethod
    /// Samples strictly inside the window that were used.
    public let sampleCount: Int
    /// The window's length on the device clock, in seconds.
    public let durationSeconds: Double
    /// Average power over the window before baseline subtraction, in watts.
    public let grossAveragePowerWatts: Double
    /// The baseline subtracted, if any.
    public let baseline: PowerLevel?
    /// Average power over the window after baseline subtraction, in watts.
    public let averagePowerWatts: Double
    /// Energy over the window after baseline subtraction, in joules.
    public let energyJoules: Double
    /// Combined uncertainty of ``energyJoules``, in joules (see Docs/metering.md).
    public let uncertaintyJoules: Double
    /// The longest stretch without samples as a fraction of the window.
    public let largestGapFraction: Double
    /// The clock-offset uncertainty used, in seconds (for the scorer's clock clause).
    public let clockUncertaintySeconds: Double
    /// False for software estimates: the figure may not back a certified verdict.
    public let qualifying: Bool
    /// Why ``uncertaintyJoules`` is not a complete statement (the instrument stated none: auto
    /// ranging, no uncertainty model, clock offset not measured); nil when it is complete.
    public var uncertaintyIncomplete: String? = nil
    /// What the instrument said about the window (its own uncertainty, marked samples, ranges).
    public var statement: InstrumentStatement? = nil

    /// ``uncertaintyJoules`` relative to ``energyJoules``.
    public var relativeUncertainty: Double { uncertaintyJoules / energyJoules }

    /// Energy per inference in millijoules (MLPerf SingleStream/MultiStream), nil without queries.
    public func millijoulesPerInference(queries: Int) -> Double? {
        queries > 0 ? energyJoules * 1_000 / Double(queries) : nil
    }

    /// Energy per inference in microjoules (MLPerf Tiny / EEMBC), nil without inferences.
    public func microjoulesPerInference(inferences: Int) -> Double? {
        inferences > 0 ? energyJoules * 1_000_000 / Double(inferences) : nil
    }

    /// Samples processed per joule (MLPerf Offline/Server), nil without samples.
    public func samplesPerJoule(samples: Int) -> Double? {
        samples > 0 ? Double(samples) / energyJoules : nil
    }

    /// Joules per 1000 generated tokens, nil without tokens.
    public func joulesPerThousandTokens(tokens: Int) -> Double? {
        tokens > 0 ? energyJoules * 1_000 / Double(tokens) : nil
    }
}
