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
        guard intervalMs > 0, timeoutMs > 0, maxWindowSeconds > 0 else {
            throw MeterError(.invalidSpec, "'\(spec)': interval_ms, timeout_ms and max_s must be above 0")
        }
    }

    /// The most log lines a window can legitimately hold, with slack for the ranging lines.
    var maximumLogLines: Int { Int(maxWindowSeconds * 1000 / Double(intervalMs)) * 2 + 100 }
}
