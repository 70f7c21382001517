import Conformance
import Harness

/// The closing summary of a certification, in the manner of MLPerf LoadGen's results summary:
/// per device the decision, the counts of pass / fail / inconclusive / not applicable rows, the
/// signed files, and for each inconclusive mandatory clause the reason and what to do.
public struct ClosingSummary: Sendable {
    /// The devices' results.
    public let devices: [DeviceCertification]

    /// A summary of `devices`.
    public init(_ devices: [DeviceCertification]) {
        self.devices = devices
    }

    static let rule = String(repeating: "=", count: 64)

    /// The summary's lines.
    public func lines() -> [String] {
        var lines = [Self.rule, "aitc certification summary", Self.rule]
        for device in devices {
            let report = device.report
            let counts = report.summary
            lines.append("device    : \(device.device)")
            lines.append("suite     : \(report.suite.id) \(report.suite.version), mode \(report.mode.name)")
            lines.append("decision  : \(report.decision.rawValue.uppercased())")
            if let reason = report.incompleteReason { lines.append("incomplete: \(reason)") }
            lines.append(
                "rows      : \(counts.pass) pass, \(counts.fail) fail, \(counts.inconclusive) inconclusive, "
                    + "\(counts.notApplicable) not applicable, \(counts.reportedOnly) reported only")
            lines.append("report    : \(device.reportPath)")
            lines.append("envelope  : \(device.envelopePath)")
            let open = Self.inconclusiveMandatory(report.verdicts)
            if !open.isEmpty {
                lines.append("inconclusive mandatory clauses:")
                for entry in open {
                    let scope = entry.workloads.isEmpty ? "" : " (\(entry.workloads.joined(separator: ", ")))"
                    lines.append("  \(entry.clauseID)\(scope): \(entry.reason)")
                    if let remedy = entry.remedy { lines.append("    what to do: \(remedy)") }
                }
            }
            lines.append(Self.rule)
        }
        return lines
    }

    /// One clause's inconclusive mandatory rows, grouped.
    struct OpenClause: Equatable {
        let clauseID: String
        var workloads: [String]
        let reason: String
        let remedy: String?
    }

    /// The inconclusive mandatory rows grouped by clause, in report order.
    static func inconclusiveMandatory(_ verdicts: [ClauseVerdict]) -> [OpenClause] {
        var result: [OpenClause] = []
        for verdict in verdicts where verdict.level == .mandatory && verdict.verdict == .inconclusive {
            if let index = result.firstIndex(where: { $0.clauseID == verdict.clauseID }) {
                if let workload = verdict.workloadID { result[index].workloads.append(workload) }
                continue
            }
            let check = verdict.checks.first { $0.verdict == .inconclusive }
            let reason = check?.reason ?? verdict.reason ?? "not judged"
            result.append(
                OpenClause(
                    clauseID: verdict.clauseID, workloads: verdict.workloadID.map { [$0] } ?? [], reason: reason,
                    remedy: Remedy.advice(metric: check?.metric ?? "", reason: reason)))
        }
        return result
    }
}
