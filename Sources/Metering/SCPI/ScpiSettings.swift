/// Everything the SCPI driver needs, resolved from a meter URL.
struct ScpiSettings: Sendable {
    let name: String
    let host: String
    let port: Int
    let commands: ScpiCommandSet
    let rateHz: Double
    let timeoutMs: Int
    let maxWindowSeconds: Double

    init(spec: MeterSpec) throws(MeterError) {
        guard spec.scheme == .scpi else {
            throw MeterError(.invalidSpec, "'\(spec)' is not an scpi:// URL")
        }
        var commands = try ScpiPreset.named(spec.options["preset"] ?? "generic")
        if let idn = spec.options["idn"] { commands.identify = idn }
        if let power = spec.options["power"] { commands.power = power }
        if let energy = spec.options["energy"] { commands.energy = energy }
        if let setup = spec.options["setup"] { commands.setup = setup.split(separator: ";").map(String.init) }
        commands.wattsScale = try spec.number("scale", default: commands.wattsScale)
        var accuracy = commands.accuracy
        accuracy = MeterAccuracy(
            fractionOfReading: try spec.number("accuracy", default: accuracy.fractionOfReading),
            floorWatts: try spec.number("floor_w", default: accuracy.floorWatts),
            fractionOfRange: accuracy.fractionOfRange,
            rangeWatts: spec.options["range_w"] == nil ? nil : try spec.number("range_w", default: 0),
            powerFactorFraction: accuracy.powerFactorFraction,
            powerFactor: spec.options["pf"] == nil ? nil : try spec.number("pf", default: 1))
        if let pf = accuracy.powerFactor, !(pf > 0 && pf <= 1) {
            throw MeterError(.invalidSpec, "'\(spec)': pf must be a power factor in (0, 1]")
        }
        commands.accuracy = accuracy
        commands.resolution = try spec.number("resolution", default: commands.resolution)
        self.commands = commands
        name = spec.options["name"] ?? spec.description
        host = spec.host
        port = spec.port
        rateHz = try spec.number("rate", default: 10)
        timeoutMs = Int(try spec.number("timeout_ms", default: 1000))
        maxWindowSeconds = try spec.number("max_s", default: 3600)
        guard rateHz > 0, rateHz <= 10_000, timeoutMs > 0, maxWindowSeconds > 0 else {
            throw MeterError(.invalidSpec, "'\(spec)': rate must be in (0, 10000] Hz, timeout_ms and max_s above 0")
        }
    }
}
