/// The protocols a meter URL can name.
public enum MeterScheme: String, Codable, Sendable, CaseIterable {
    /// An instrument speaking SCPI over raw TCP (`scpi://HOST:PORT?preset=yokogawa-wt`).
    case scpi
    /// A SPEC PTDaemon (`ptd://HOST:PORT`, MLPerf power starts it on port 8888).
    case ptd

    /// The query options this scheme accepts.
    var allowedOptions: Set<String> {
        let common: Set<String> = ["timeout_ms", "accuracy", "floor_w", "resolution", "max_s", "name"]
        switch self {
        case .scpi:
            return common.union(["preset", "rate", "idn", "power", "energy", "scale", "setup", "pf", "range_w"])
        case .ptd: return common.union(["interval_ms", "settle_s", "volts_range", "amps_range", "amps_margin"])
        }
    }
}
