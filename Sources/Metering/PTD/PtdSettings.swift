/// Everything the PTDaemon client needs, resolved from a meter URL.
struct PtdSettings: Sendable {
    let name: String
    let host: String
    let port: Int
    let intervalMs: Int
    let timeoutMs: Int
    let maxWindowSeconds: Double
    let accuracy: MeterAccuracy
    let resolution: Double
    /// Seconds to wait after fixing the ranges before measuring (MLPerf waits 10 s).
    let settleSeconds: Double
    /// The current range a ranging pass sets, as a multiple of the largest current it saw (MLPerf
    /// power's server: 1.1).
    let ampsMargin: Double
    /// Ranges the lab fixed itself (`volts_range=`, `amps_range=`); without both, a ranging pass sets them.
    let fixedRanges: (volts: String, amps: String)?

    init(spec: MeterSpec) throws(MeterError) {
        guard spec.scheme == .ptd else { throw MeterError(.invalidSpec, "'\(spec)' is not a ptd:// URL") }
        name = spec.options["name"] ?? spec.description
        host = spec.host
        port = spec.port
        intervalMs = Int(try spec.number("interval_ms", default: 1000))
        timeoutMs = Int(try spec.number("timeout_ms", default: 5000))
        maxWindowSeconds = try spec.number("max_s", default: 3600)
        // PTDaemon-supported analyzers are within 1 % (SPEC's acceptance rule); state better with accuracy=.
        accuracy = MeterAccuracy(
            fractionOfReading: try spec.number("accuracy", default: 0.01),
            floorWatts: try spec.number("floor_w", default: 0))
        resolution = try spec.number("resolution", default: 0.001)
        settleSeconds = try spec.number("settle_s", default: 10)
        ampsMargin = try spec.number("amps_margin", default: 1.1)
        if let volts = spec.options["volts_range"], let amps = spec.options["amps_range"] {
            guard let v = Double(volts), let a = Double(amps), v > 0, a > 0 else {
                throw MeterError(.invalidSpec, "'\(spec)': volts_range and amps_range must be numbers above 0")
            }
            fixedRanges = (volts, amps)
        } else if spec.options["volts_range"] != nil || spec.options["amps_range"] != nil {
            throw MeterError(
                .invalidSpec, "'\(spec)': give both volts_range and amps_range, or neither (a ranging pass sets them)")
        } else {
            fixedRanges = nil
        }
        guard intervalMs > 0, timeoutMs > 0, maxWindowSeconds > 0, ampsMargin >= 1 else {
            throw MeterError(
                .invalidSpec, "'\(spec)': interval_ms, timeout_ms and max_s must be above 0, and amps_margin at least 1"
            )
        }
    }

    /// The most log lines a window can legitimately hold, with slack for the ranging lines.
    var maximumLogLines: Int { Int(maxWindowSeconds * 1000 / Double(intervalMs)) * 2 + 100 }
}
