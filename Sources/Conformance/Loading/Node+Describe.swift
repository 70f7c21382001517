import Yams

extension Node {
    /// "a mapping", "a sequence", "a scalar", for messages about a node of the wrong shape.
    var shapeName: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        case .alias: "an alias"
        }
    }

    /// Whether the node is an empty or null scalar (`key:`, `~`, `null`).
    var isNullScalar: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
