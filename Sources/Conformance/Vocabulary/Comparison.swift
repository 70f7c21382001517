/// How a measured value is compared with a clause's bound.
public enum Comparison: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The value must not exceed the bound.
    case lessThanOrEqual = "<="
    /// The value must stay strictly below the bound.
    case lessThan = "<"
    /// The value must reach at least the bound.
    case greaterThanOrEqual = ">="
    /// The value must exceed the bound.
    case greaterThan = ">"
    /// The value must equal the bound exactly (used for counts such as privacy hits).
    case equal = "=="

    /// Whether `value` satisfies this comparison against `bound`; `false` when either is NaN.
    public func holds(_ value: Double, bound: Double) -> Bool {
        switch self {
        case .lessThanOrEqual: value <= bound
        case .lessThan: value < bound
        case .greaterThanOrEqual: value >= bound
        case .greaterThan: value > bound
        case .equal: value == bound
        }
    }

    /// The operator as written in standard files.
    public var description: String { rawValue }
}
