/// How a backend split a model's runs between units (the optional `accelerator_breakdown` ABI
/// extension): a graph partly on an NPU and partly on the CPU shows both, so partial fallback is
/// visible in the report and in the accelerator-stable audit.
public struct AcceleratorBreakdown: Codable, Sendable, Equatable {
    /// One unit's share.
    public struct Share: Codable, Sendable, Equatable {
        /// "cpu", "gpu", "npu:<name>", ... as the backend names it.
        public let unit: String
        /// Fraction in [0, 1] of `basis`.
        public let fraction: Double
    }

    /// "nodes" (fraction of graph nodes) or "time" (fraction of run time).
    public let basis: String
    /// Runs whose split differed from the run before (within and between the agent's `run` replies).
    public var changes: Int
    /// The split of the last run.
    public var units: [Share]

    /// `next` (a later run reply's breakdown) appended: its changes count, and one more when its
    /// first split differs from this one's last.
    func followed(by next: AcceleratorBreakdown) -> AcceleratorBreakdown {
        var merged = next
        merged.changes = changes + next.changes + (Self.sameSplit(units, next.units) ? 0 : 1)
        return merged
    }

    static func sameSplit(_ a: [Share], _ b: [Share]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.unit == $1.unit && abs($0.fraction - $1.fraction) <= 0.01 }
    }
}
