import Metering

/// A meter named on the command line: an external instrument (`scpi://HOST:PORT[?options]`,
/// `ptd://HOST:PORT[?options]`) or an on-device source read by the agent (`device:NAME`, with
/// NAME as the agent's `energy` op lists it, optionally `?accuracy=F&floor_w=W` when the maker
/// states the sensor's accuracy).
public enum EnergyMeterChoice: Sendable, Equatable, CustomStringConvertible {
    /// A lab instrument read by the harness host.
    case external(MeterSpec)
    /// An on-device counter or sensor read by the agent's sampling thread.
    case onDevice(name: String, accuracy: MeterAccuracy?)

    /// Parses a meter argument.
    public init(parsing text: String) throws(MeterError) {
        guard text.hasPrefix("device:") else {
            self = .external(try MeterSpec(parsing: text))
            return
        }
        let rest = text.dropFirst("device:".count)
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard !name.isEmpty else {
            throw MeterError(
                .invalidSpec, "'\(text)' names no on-device source; write device:NAME (see aitc meters list)")
        }
        var fraction: Double?
        var floor: Double?
        for pair in parts.count > 1 ? parts[1].split(separator: "&") : [] {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let value = Double(kv[1]), value.isFinite, value >= 0 else {
                throw MeterError(.invalidSpec, "on-device meter option '\(pair)' is not key=non-negative-number")
            }
            switch kv[0] {
            case "accuracy": fraction = value
            case "floor_w": floor = value
            default:
                throw MeterError(.invalidSpec, "unknown option '\(kv[0])' for device:; allowed: accuracy, floor_w")
            }
        }
        let accuracy =
            fraction == nil && floor == nil
            ? nil : MeterAccuracy(fractionOfReading: fraction ?? 0, floorWatts: floor ?? 0)
        self = .onDevice(name: name, accuracy: accuracy)
    }

    public var description: String {
        switch self {
        case .external(let spec): return spec.description
        case .onDevice(let name, _): return "device:\(name)"
        }
    }
}
