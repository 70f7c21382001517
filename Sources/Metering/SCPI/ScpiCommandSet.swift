/// The commands one instrument family understands, so one SCPI driver serves several families.
public struct ScpiCommandSet: Sendable, Equatable {
    /// Identify query (`*IDN?`).
    public var identify: String
    /// Commands sent once after connecting (numeric format, item selection); no reply expected.
    public var setup: [String]
    /// The query whose one-field reply is the present power.
    public var power: String
    /// An optional query whose one-field reply is the integrated energy since integration began.
    public var energy: String?
    /// Multiplier from the power reply's unit to watts.
    public var wattsScale: Double
    /// Multiplier from the energy reply's unit to joules (3600 for watt-hours).
    public var joulesScale: Double
    /// The family's stated accuracy (override per instrument with `accuracy=` and `floor_w=`).
    public var accuracy: MeterAccuracy
    /// Reading resolution in watts.
    public var resolution: Double
    /// Words the identify reply must contain (case-insensitive) for this command set to apply.
    public var identifyWords: [String]
    /// What the preset's identify words name, for the refusal.
    public var family: String
    /// Queries whose one-number replies multiply to the power range in use (voltage range × current range).
    public var rangeQueries: [String]

    /// Creates a command set.
    public init(
        identify: String = "*IDN?", setup: [String] = [], power: String, energy: String? = nil,
        wattsScale: Double = 1, joulesScale: Double = 1, accuracy: MeterAccuracy, resolution: Double,
        identifyWords: [String] = [], family: String = "any SCPI instrument", rangeQueries: [String] = []
    ) {
        self.identifyWords = identifyWords
        self.family = family
        self.rangeQueries = rangeQueries
        self.identify = identify
        self.setup = setup
        self.power = power
        self.energy = energy
        self.wattsScale = wattsScale
        self.joulesScale = joulesScale
        self.accuracy = accuracy
        self.resolution = resolution
    }
}
