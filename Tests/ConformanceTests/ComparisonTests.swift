import Testing

@testable import Conformance

@Suite("Comparison")
struct ComparisonTests {
    /// (comparison, value below the bound, at the bound, above the bound)
    static let table: [(Comparison, Bool, Bool, Bool)] = [
        (.lessThanOrEqual, true, true, false),
        (.lessThan, true, false, false),
        (.greaterThanOrEqual, false, true, true),
        (.greaterThan, false, false, true),
        (.equal, false, true, false),
    ]

    @Test("holds at and around the bound", arguments: table)
    func holds(comparison: Comparison, below: Bool, at: Bool, above: Bool) {
        let bound = 10.0
        #expect(comparison.holds(bound.nextDown, bound: bound) == below)
        #expect(comparison.holds(bound, bound: bound) == at)
        #expect(comparison.holds(bound.nextUp, bound: bound) == above)
        #expect(!comparison.holds(.nan, bound: bound))
    }

    @Test("raw values are the operators of the standard files")
    func rawValues() {
        #expect(Comparison.allCases.map(\.rawValue) == ["<=", "<", ">=", ">", "=="])
    }
}
