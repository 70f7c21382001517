/// Formats figures in reasons: `10` rather than `10.0`, full precision otherwise.
enum ValueFormat {
    static func text(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
