import Attestation
import Desk
import Foundation
import TestSupport
import Testing

/// The comparability rules: refused across suites, versions, standards and modes; flagged for
/// other run-rules files and emulated devices; comparable otherwise.
@Suite("Comparing reports")
struct ReportComparisonTests {
    static func document(_ predicate: JSONValue, _ name: String) -> ReportDocument {
        ReportDocument(predicate: predicate, path: name)
    }

    @Test("each rule refuses or flags with its reason; identical conditions compare")
    func rules() throws {
        let fixture = try RealReports.fixture.get()
        let base = try JSONValue(data: fixture.signed[0].report)
        let same = ReportComparison(documents: [Self.document(base, "a"), Self.document(base, "b")])
        #expect(same.comparable && same.findings.isEmpty)
        #expect(same.table().contains("decision"))
        let otherSuite = try JSONValue(data: fixture.signed[2].report)
        let across = ReportComparison(documents: [Self.document(base, "a"), Self.document(otherSuite, "b")])
        #expect(!across.comparable && across.findings.contains { $0.reason.hasPrefix("suites differ") })

        func altered(_ change: (inout [String: JSONValue]) -> Void) -> JSONValue {
            var members = base.objectValue!
            change(&members)
            return .object(members)
        }
        func section(_ name: String, _ key: String, _ value: JSONValue) -> JSONValue {
            altered { members in
                var inner = members[name]!.objectValue!
                inner[key] = value
                members[name] = .object(inner)
            }
        }
        let cases: [(JSONValue, String, Bool)] = [
            (section("suite", "version", .string("0.2.0")), "suite versions", true),
            (section("mode", "name", .string("certification")), "run modes", true),
            (section("mode", "run_rules_sha256", .string(String(repeating: "f", count: 64))), "run-rules files", false),
            (section("device", "emulated", .bool(true)), "emulated device", false),
            (altered { $0["standards"] = .array([]) }, "standard files", true),
            (
                altered { members in
                    var workloads = members["workloads"]!.arrayValue!
                    var first = workloads[0].objectValue!
                    first["scenarios"] = .array(Array(first["scenarios"]!.arrayValue!.dropLast()))
                    workloads[0] = .object(first)
                    members["workloads"] = .array(workloads)
                }, "scenarios run", false
            ),
        ]
        for (other, rule, refuses) in cases {
            let comparison = ReportComparison(documents: [Self.document(base, "a"), Self.document(other, "b")])
            #expect(
                comparison.findings.contains { $0.reason.contains(rule) && $0.refused == refuses },
                "\(rule): \(comparison.findings)")
            #expect(comparison.comparable == !refuses)
        }
    }

    @Test("a comparison of the kept fields is the comparison of the whole reports: rules, table, page, charts")
    func fieldsCompareAsTheReports() throws {
        let fixture = try RealReports.fixture.get()
        let reports = try fixture.signed.map { try JSONValue(data: $0.report) }
        // Figures and uncertainties on every row (the quick runs here measure little), with a
        // measurement without a value placed first: the uncertainty shown is the valued one's.
        var members = reports[0].objectValue!
        var verdicts = members["verdicts"]!.arrayValue!
        var measurements: [JSONValue] = []
        for (index, row) in verdicts.enumerated() {
            var fields = row.objectValue!
            var checks = fields["checks"]?.arrayValue ?? []
            var check = checks.first?.objectValue ?? ["metric": .string("m\(index)"), "unit": .string("ms")]
            check["metric"] = .string(index % 2 == 0 ? "single_stream.p90_latency" : "energy.joules_per_query")
            check["value"] = .number(10.5 + Double(index))
            checks = [.object(check)] + checks.dropFirst()
            fields["checks"] = .array(checks)
            verdicts[index] = .object(fields)
            var measurement = ["metric": check["metric"]!, "uncertainty": .number(0.5 + Double(index))]
            measurement["workload_id"] = fields["workload_id"]
            measurements.append(.object(measurement))
            measurement["value"] = check["value"]
            measurements.append(.object(measurement))
        }
        members["verdicts"] = .array(verdicts)
        var input = members["scoring_input"]!.objectValue!
        input["measurements"] = .array(measurements + (input["measurements"]?.arrayValue ?? []))
        members["scoring_input"] = .object(input)
        let measured = JSONValue.object(members)
        var emulated = members
        emulated["device"] = .object(members["device"]!.objectValue!.merging(["emulated": .bool(true)]) { $1 })
        emulated["mode"] = .string("not an object")
        let sets: [[JSONValue]] = [
            reports, [reports[0], measured], [measured, .object(emulated)], [reports[0], reports[0]],
        ]
        for set in sets {
            let whole = ReportComparison(documents: set.enumerated().map { Self.document($1, "r\($0)") })
            let kept = ReportComparison(
                documents: set.enumerated().map { Self.document(ReportComparison.fields(of: $1), "r\($0)") })
            #expect(kept.findings == whole.findings)
            #expect(kept.table() == whole.table())
            #expect(kept.html() == whole.html())
            #expect(kept.documents.map(\.title) == whole.documents.map(\.title))
        }
        let page = ReportComparison(documents: [Self.document(ReportComparison.fields(of: measured), "m")]).html()
        #expect(page.contains("data-uncertainty=\"0.5\""), "the charts were drawn from the kept fields")
        #expect(
            ReportComparison.fields(of: measured).canonicalData().count * 2 < measured.canonicalData().count,
            "the per-query evidence is not kept")
    }

    @Test("report diff names the decision, each moved verdict and value, and rows in one report only")
    func diff() throws {
        let fixture = try RealReports.fixture.get()
        let base = try JSONValue(data: fixture.signed[0].report)
        #expect(ReportDiff(before: Self.document(base, "a"), after: Self.document(base, "b")).lines.isEmpty)
        var members = base.objectValue!
        members["decision"] = .string("not-conformant")
        var rows = members["verdicts"]!.arrayValue!
        var row = rows[0].objectValue!
        let clause = row["clause_id"]!.stringValue!
        row["verdict"] = .string("fail")
        rows[0] = .object(row)
        let dropped = rows.removeLast()
        members["verdicts"] = .array(rows)
        let lines = ReportDiff(before: Self.document(base, "a"), after: Self.document(.object(members), "b")).lines
        #expect(lines.contains { $0.hasPrefix("decision: ") && $0.hasSuffix("→ not-conformant") }, "\(lines)")
        #expect(
            lines.contains { $0.hasPrefix(clause) && $0.contains("→ fail") }
                || base["verdicts"]?[0]?["verdict"]?.stringValue == "fail", "\(lines)")
        #expect(
            lines.contains {
                $0.contains("only in the first report") && $0.hasPrefix(dropped["clause_id"]!.stringValue!)
            }, "\(lines)")
    }
}
