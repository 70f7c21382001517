import Attestation
import Desk
import Foundation
import Registry
import TestSupport
import Testing

/// The registry's leaderboard and comparison pages (and `aitc compare --html`, which the comparison
/// page is) as headless Chromium renders them, from reports whose figures the test sets: the ranking
/// follows the clause's threshold, the charts carry exactly the table's figures, and what a vendor
/// could slip in (an unmeasured row, a threshold pointing the other way, markup in a device name)
/// does not move a report up or into the page.
@Suite("Registry pages in Chromium")
struct RegistryPagesTests {
    /// One verdict row of a made-up report.
    struct Row {
        var clause = "PRF-01"
        var workload: String? = "classify"
        var metric = "single_stream.p90_latency"
        var value: Double?
        var comparison: String? = "<="
        var bound: Double? = 25
        var unit = "ms"
        var verdict = "pass"
        var uncertainty: Double?
    }

    static func document(_ title: String, _ rows: [Row]) -> ReportDocument {
        var verdicts: [JSONValue] = []
        var measurements: [JSONValue] = []
        for row in rows {
            var check: [String: JSONValue] = ["metric": .string(row.metric), "unit": .string(row.unit)]
            if let value = row.value { check["value"] = .number(value) }
            if let comparison = row.comparison { check["comparison"] = .string(comparison) }
            if let bound = row.bound { check["bound"] = .number(bound) }
            var verdict: [String: JSONValue] = [
                "clause_id": .string(row.clause), "verdict": .string(row.verdict), "checks": .array([.object(check)]),
            ]
            if let workload = row.workload { verdict["workload_id"] = .string(workload) }
            verdicts.append(.object(verdict))
            if let uncertainty = row.uncertainty, let value = row.value {
                var measurement: [String: JSONValue] = [
                    "metric": .string(row.metric), "value": .number(value), "uncertainty": .number(uncertainty),
                ]
                if let workload = row.workload { measurement["workload_id"] = .string(workload) }
                measurements.append(.object(measurement))
            }
        }
        let predicate: JSONValue = .object([
            "suite": .object(["id": .string("phone"), "version": .string("1.0.0"), "sha256": .string("ab")]),
            "mode": .object(["name": .string("certification")]),
            "decision": .string("pass"),
            "verdicts": .array(verdicts),
            "scoring_input": .object(["measurements": .array(measurements)]),
        ])
        return ReportDocument(predicate: predicate, path: title, title: title)
    }

    static func entry(_ leaf: UInt64, device: String, lab: String = "Lab A") throws -> RegistryEntry {
        let json: [String: Any] = [
            "leaf_index": leaf, "bundle_sha256": String(repeating: String(leaf % 10), count: 64),
            "received_at": "2026-12-05T10:00:00Z",
            "report": [
                "report_id": "r\(leaf)", "device": device, "device_class": "smartphone", "suite_id": "phone",
                "suite_version": "1.0.0", "suite_sha256": "ab", "standards": [String](), "lab": lab,
                "lab_key_id": "k", "finished_at": "2026-12-05T09:00:00Z", "decision": "pass",
                "mode": "certification", "emulated": false, "figures": [[String: Any]](),
                "lab_certificate_serials": ["01"],
            ],
        ]
        return try JSONDecoder().decode(RegistryEntry.self, from: JSONSerialization.data(withJSONObject: json))
    }

    /// The page as Chromium renders it.
    static func rendered(_ html: String) throws -> String {
        let path = try TemporaryFolder().path + "/page.html"
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        return try Chromium.dumpDOM(path)
    }

    static func leaderboard(_ values: [(String, Double?, String?)]) throws -> String {
        var entries: [RegistryEntry] = []
        var documents: [ReportDocument] = []
        for (index, (device, value, comparison)) in values.enumerated() {
            entries.append(try entry(UInt64(index), device: device))
            documents.append(
                document(
                    device,
                    [
                        Row(value: value, comparison: comparison, verdict: value == nil ? "inconclusive" : "pass"),
                        Row(clause: "PRV-01", metric: "privacy.egress_bytes", value: 0, unit: "bytes"),
                    ]))
        }
        return try rendered(
            RegistryPages.leaderboard(
                deviceClass: "smartphone", clause: "PRF-01", entries: entries,
                comparison: ReportComparison(documents: documents)))
    }

    @Test("the leaderboard ranks in the direction of the clause's threshold; its chart is the table's figures")
    func leaderboardRanksAndCharts() throws {
        // An upper bound: lower is better; the unmeasured report comes last, not first.
        let lower = try Self.leaderboard([
            ("Acme P1", 12, "<="), ("Zeta Z9", 7, "<="), ("Nil N0", nil, "<="), ("Slow S1", 30, "<="),
        ])
        let rows = Chromium.attributeSets(in: lower, marker: "data-rank=")
        #expect(rows.map { $0["data-leaf"] } == ["1", "0", "3", "2"], "\(rows)")
        #expect(rows.map { $0["data-rank"] } == ["1", "2", "3", "4"])
        #expect(Chromium.attributeSets(in: lower, marker: "id=\"direction\"").first?["data-direction"] == "lower")
        let cells = Chromium.attributeSets(in: lower, marker: "data-value=").filter { $0["data-bound"] == nil }
        #expect(cells.map { $0["data-value"] } == ["7.0", "12.0", "30.0", ""], "\(cells)")
        // The chart: one bar per measured row, in the table's order, the same values and threshold,
        // drawn on one axis (the bars' widths are in the values' ratio).
        let bars = Chromium.attributeSets(in: lower, marker: "data-leaf=").filter { $0["data-bound"] != nil }
        #expect(bars.map { $0["data-leaf"] } == ["1", "0", "3"], "\(bars)")
        #expect(bars.map { $0["data-value"] } == ["7.0", "12.0", "30.0"])
        #expect(bars.allSatisfy { $0["data-bound"] == "25.0" && $0["data-clause"] == "PRF-01" })
        let widths = Chromium.attributeSets(in: lower, marker: "x=\"160\"").compactMap { Double($0["width"] ?? "") }
        #expect(widths.count == 3, "\(widths)")
        if widths.count == 3 {
            #expect(abs(widths[2] / widths[0] - 30.0 / 7.0) < 0.02, "one axis: \(widths)")
        }
        #expect(lower.contains("<svg id=\"leaderboard-chart\""))

        // A lower bound: higher is better.
        let higher = try Self.leaderboard([("Acme P1", 12, ">="), ("Zeta Z9", 7, ">="), ("Slow S1", 30, ">=")])
        #expect(Chromium.attributeSets(in: higher, marker: "data-rank=").map { $0["data-leaf"] } == ["2", "0", "1"])
        #expect(Chromium.attributeSets(in: higher, marker: "id=\"direction\"").first?["data-direction"] == "higher")

        // Thresholds pointing both ways (or none): no rank is claimed; newest first as listed.
        let mixed = try Self.leaderboard([("Acme P1", 12, "<="), ("Zeta Z9", 7, ">="), ("Slow S1", 30, nil)])
        #expect(Chromium.attributeSets(in: mixed, marker: "data-rank=").map { $0["data-leaf"] } == ["0", "1", "2"])
        #expect(Chromium.attributeSets(in: mixed, marker: "id=\"direction\"").first?["data-direction"] == "none")
        #expect(!mixed.contains("<td>1</td>"), "no rank printed when the direction is unknown")

        // Markup in a device name is text, not markup.
        let marked = try Self.leaderboard([("<b id=\"x\">Bold</b> P1", 12, "<=")])
        #expect(!marked.contains("<b id=\"x\">") && marked.contains("&lt;b id=\"x\"&gt;Bold&lt;/b&gt; P1"))
    }

    @Test("a refused comparison shows its reason and neither table nor chart")
    func refusedLeaderboard() throws {
        var other = Self.document("other", [Row(value: 5)]).predicate.objectValue!
        other["mode"] = .object(["name": .string("quick")])
        let comparison = ReportComparison(documents: [
            Self.document("a", [Row(value: 5)]), ReportDocument(predicate: .object(other), path: "b"),
        ])
        let page = try Self.rendered(
            RegistryPages.leaderboard(
                deviceClass: "smartphone", clause: "PRF-01",
                entries: [try Self.entry(0, device: "A"), try Self.entry(1, device: "B")], comparison: comparison))
        #expect(page.contains("id=\"refused\"") && page.contains("run modes"))
        #expect(!page.contains("<svg") && !page.contains("id=\"leaderboard\""))
        let comparisonPage = try Self.rendered(comparison.html())
        #expect(!comparisonPage.contains("<svg") && !comparisonPage.contains("id=\"comparison\""))
    }

    @Test("aitc compare's page (the registry's comparison page) charts every latency and energy figure of every report")
    func comparisonCharts() throws {
        let documents = [
            Self.document(
                "Acme P1",
                [
                    Row(value: 12), Row(workload: "detect", value: 20, bound: 40),
                    Row(
                        clause: "ENE-01", metric: "energy.per_inference", value: 3.1, bound: 4, unit: "mJ",
                        uncertainty: 0.4),
                    Row(clause: "ACC-01", metric: "accuracy.top1", value: 0.8, comparison: ">=", bound: 0.7, unit: ""),
                ]),
            Self.document(
                "Zeta Z9",
                [
                    Row(value: 6), Row(workload: "detect", value: 45, bound: 40, verdict: "fail"),
                    Row(clause: "ENE-01", metric: "energy.per_inference", value: 2.2, bound: 4, unit: "mJ"),
                    Row(clause: "ACC-01", metric: "accuracy.top1", value: 0.9, comparison: ">=", bound: 0.7, unit: ""),
                ]),
        ]
        let page = try Self.rendered(ReportComparison(documents: documents).html())
        #expect(page.contains("<svg id=\"latency-chart\"") && page.contains("<svg id=\"energy-chart\""))
        let cells = Chromium.attributeSets(in: page, marker: "data-key=")
        let bars = Chromium.attributeSets(in: page, marker: "data-bound=")
        // Every latency and energy cell of the table has its bar, with the same value; nothing else does.
        let charted = cells.filter { !($0["data-key"] ?? "").hasPrefix("ACC-01") && !($0["data-value"] ?? "").isEmpty }
        #expect(charted.count == 6 && bars.count == 6, "\(bars)")
        for cell in charted {
            let key = cell["data-key"] ?? ""
            let bar = bars.first {
                $0["data-column"] == cell["data-column"]
                    && "\($0["data-clause"] ?? "") \($0["data-workload"] ?? "")" == key
            }
            #expect(
                bar?["data-value"] == cell["data-value"], "\(key) column \(cell["data-column"] ?? ""): \(bar ?? [:])")
            #expect(bar?["data-verdict"] == cell["data-verdict"])
        }
        #expect(bars.contains { $0["data-uncertainty"] == "0.4" && $0["data-value"] == "3.1" })
        #expect(page.contains("class=\"uncertainty\""), "the stated uncertainty is drawn as a band")
        // The same figure of two reports shares one axis: the bars' widths are in the values' ratio.
        let widths = Chromium.attributeSets(in: page, marker: "x=\"160\"").compactMap { Double($0["width"] ?? "") }
        #expect(widths.count == 6, "\(widths)")
        if widths.count == 6 {
            #expect(abs(widths[0] / widths[1] - 12.0 / 6.0) < 0.02, "PRF-01 classify on one axis: \(widths)")
        }
    }
}
