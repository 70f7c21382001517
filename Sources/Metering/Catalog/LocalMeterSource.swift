/// A power or energy reading this host exposes on its own, for `aitc meters list`.
public struct LocalMeterSource: Codable, Sendable, Equatable {
    /// What the files hold.
    public enum Kind: String, Codable, Sendable {
        /// A cumulative counter in µJ (powercap/RAPL `energy_uj`, hwmon `energy*_input`).
        case energyMicrojoules = "energy-uj"
        /// Instantaneous power in µW (hwmon `power*_input`, power_supply `power_now`).
        case powerMicrowatts = "power-uw"
        /// Battery current (µA) and voltage (µV) to multiply (power_supply `current_now`, `voltage_now`).
        case currentAndVoltage = "current-voltage"
    }

    /// A stable name: `powercap:intel-rapl:0 (package-0)`, `hwmon:coretemp/power1`, ...
    public let name: String
    /// What the files hold.
    public let kind: Kind
    /// The files to read, absolute.
    public let paths: [String]
    /// Counter wrap value in µJ (`max_energy_range_uj`), if stated.
    public let maxRangeMicrojoules: Double?
    /// Whether this process could read a number from every file (RAPL is root-only on many kernels).
    public let readable: Bool

    /// Creates a source description.
    public init(name: String, kind: Kind, paths: [String], maxRangeMicrojoules: Double?, readable: Bool) {
        self.name = name
        self.kind = kind
        self.paths = paths
        self.maxRangeMicrojoules = maxRangeMicrojoules
        self.readable = readable
    }
}
