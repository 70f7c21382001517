import Attestation

/// One clause × workload row of a report, flattened for tables.
public struct VerdictRow: Sendable, Equatable {
    /// The clause id (`LAT-01`), `?` when the report row has none.
    public let clause: String
    /// The clause's title as the standard words it.
    public let title: String
    /// The workload the row judges; nil for a device-wide clause.
    public let workload: String?
    /// The clause's level as the report states it (`mandatory`, `recommended`, …).
    public let level: String
    /// The row's verdict as the report states it (`pass`, `fail`, `inconclusive`, …).
    public let verdict: String
    /// The first check's metric, measured value, comparison, bound and unit, when the row has checks.
    public let metric: String?
    /// The first check's measured value, in `unit`; nil when nothing was measured.
    public let value: Double?
    /// The first check's comparison (`<=`, `>=`, …) between the value and the bound.
    public let comparison: String?
    /// The first check's bound, in `unit`; nil when the row has no check.
    public let bound: Double?
    /// The unit of the value and the bound (empty for a count or a ratio without one).
    public let unit: String
    /// Why the row is not a pass (or a failed check's reason).
    public let reason: String?

    init(json: JSONValue) {
        clause = json["clause_id"]?.stringValue ?? "?"
        title = json["title"]?.stringValue ?? ""
        workload = json["workload_id"]?.stringValue
        level = json["level"]?.stringValue ?? ""
        verdict = json["verdict"]?.stringValue ?? "?"
        let check = json["checks"]?[0]
        metric = check?["metric"]?.stringValue
        value = check?["value"]?.doubleValue
        comparison = check?["comparison"]?.stringValue
        bound = check?["bound"]?.doubleValue
        unit = check?["unit"]?.stringValue ?? ""
        reason = json["reason"]?.stringValue ?? check?["reason"]?.stringValue
    }

    /// `CLAUSE WORKLOAD`, or the clause alone for a device-wide row.
    public var key: String { workload.map { "\(clause) \($0)" } ?? clause }

    /// `12.3 ms`, or `-` when nothing was measured.
    public var valueText: String { value.map { Self.format($0) + (unit.isEmpty ? "" : " \(unit)") } ?? "-" }

    /// `<= 25 ms`, or `-` when the row has no bound.
    public var thresholdText: String {
        guard let bound else { return "-" }
        return "\(comparison ?? "") \(Self.format(bound))\(unit.isEmpty ? "" : " \(unit)")".trimmingCharacters(
            in: .whitespaces)
    }

    static func format(_ number: Double) -> String {
        if number == number.rounded() && abs(number) < 1e9 { return String(Int64(number)) }
        return String(format: "%.4g", number)
    }
}
