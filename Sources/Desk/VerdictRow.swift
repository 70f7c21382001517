import Attestation

/// One clause × workload row of a report, flattened for tables.
public struct VerdictRow: Sendable, Equatable {
    public let clause: String
    public let title: String
    public let workload: String?
    public let level: String
    public let verdict: String
    /// The first check's metric, measured value, comparison, bound and unit, when the row has checks.
    public let metric: String?
    public let value: Double?
    public let comparison: String?
    public let bound: Double?
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
