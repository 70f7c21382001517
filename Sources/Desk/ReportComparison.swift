import Attestation
import Foundation

/// `aitc compare`: devices × clauses, with the comparability rules of the MLPerf results
/// guidelines made explicit. Results are comparable only when measured by the same suite (id,
/// version and file digest), judged by the same standard files, under the same run mode; other
/// differences (run-rules file, the scenarios each workload ran, emulated devices) are flagged
/// beside the table.
public struct ReportComparison: Sendable {
    /// Why reports cannot be compared, or what a reader must know when they are.
    public struct Finding: Sendable, Equatable {
        /// `refused` stops the comparison; `flagged` is printed beside it.
        public let refused: Bool
        /// The rule and the values that differ.
        public let reason: String
    }

    /// The reports, in the order given.
    public let documents: [ReportDocument]

    /// Creates a comparison.
    public init(documents: [ReportDocument]) {
        self.documents = documents
    }

    /// Every rule broken, refusals first.
    public var findings: [Finding] {
        var found: [Finding] = []
        func rule(_ refused: Bool, _ what: String, _ value: (ReportDocument) -> String) {
            let values = documents.map(value)
            guard Set(values).count > 1 else { return }
            let listing = zip(documents, values).map { "\(($0.path as NSString).lastPathComponent): \($1)" }.joined(
                separator: "; ")
            found.append(Finding(refused: refused, reason: "\(what) differ (\(listing))"))
        }
        rule(true, "suites", { $0.text("suite", "id") })
        rule(
            true, "suite versions (results compare only within one suite version, as within one MLPerf round)",
            {
                $0.text("suite", "version")
            })
        rule(true, "suite file digests", { $0.text("suite", "sha256") })
        rule(
            true, "standard files (other thresholds)",
            { document in
                (document.predicate["standards"]?.arrayValue ?? []).map {
                    "\($0["id"]?.stringValue ?? "?")@\(String(($0["sha256"]?.stringValue ?? "?").prefix(12)))"
                }
                .sorted().joined(separator: ",")
            })
        rule(true, "run modes (a quick self-test is not a certification run)", { $0.text("mode", "name") })
        rule(false, "run-rules files", { String($0.text("mode", "run_rules_sha256").prefix(12)) })
        // MLPerf compares within one scenario: a figure whose scenario one report lacks has no counterpart.
        rule(
            false, "scenarios run (a figure of a scenario one report lacks has nothing to compare with)",
            { document in
                (document.predicate["workloads"]?.arrayValue ?? []).flatMap { workload in
                    (workload["scenarios"]?.arrayValue ?? []).map {
                        "\(workload["id"]?.stringValue ?? "?")/\($0["scenario"]?.stringValue ?? "?")"
                    }
                }.sorted().joined(separator: ",")
            })
        for document in documents where document.predicate["device"]?["emulated"]?.boolValue == true {
            found.append(
                Finding(
                    refused: false,
                    reason:
                        "\((document.path as NSString).lastPathComponent) ran on an emulated device: its latency and energy say nothing about real hardware"
                ))
        }
        return found.sorted { $0.refused && !$1.refused }
    }

    /// Whether any rule refuses the comparison.
    public var comparable: Bool { !findings.contains { $0.refused } }

    /// Clause × workload rows, one column per report: verdict and value.
    public func table() -> String {
        var keys: [String] = []
        for document in documents {
            for row in document.rows where !keys.contains(row.key) { keys.append(row.key) }
        }
        let header = ["clause"] + documents.map(\.title)
        var rows = [header, ["decision"] + documents.map { $0.text("decision") }]
        for key in keys {
            rows.append(
                [key]
                    + documents.map { document in
                        guard let row = document.rows.first(where: { $0.key == key }) else {
                            return "-"
                        }
                        return row.value == nil ? row.verdict : "\(row.verdict) \(row.valueText)"
                    })
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// The comparison as one self-contained HTML page (no network: `default-src 'none'`): the
    /// findings, then — only when the reports are comparable — devices × clauses with each
    /// verdict and key figure, and the latency and energy charts with one bar per report for each
    /// figure (``FigureChart/comparison(_:)``). A refused comparison shows the reasons, no table and
    /// no chart. `header` (HTML, already escaped) is placed right under the heading: the registry
    /// puts its links back to its own pages there.
    public func html(header: String = "") -> String {
        let e = ReportRendering.escape
        var page =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            + "<title>aitc comparison</title>"
            + "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #bbb;padding:.3em .6em}table{border-collapse:collapse}"
            + ".v-pass{background:#c8f0c8}.v-fail{background:#f5b5b5}.v-inconclusive{background:#f8e3a0}.v-not-applicable{background:#e4e4e4}"
            + ".v-reported-only{background:#dde8f5}</style>"
            + "</head><body><h1>aitc comparison</h1>\n" + header
            + "<p id=\"comparable\" data-comparable=\"\(comparable)\">\(comparable ? "comparable" : "not comparable")</p>\n<ul id=\"findings\">\n"
        for finding in findings {
            page +=
                "<li data-refused=\"\(finding.refused)\">\(finding.refused ? "not comparable" : "note"): \(e(finding.reason))</li>\n"
        }
        page += "</ul>\n"
        guard comparable else { return page + "</body></html>\n" }
        page += "<table id=\"comparison\"><tr><th>clause</th>"
        for (index, document) in documents.enumerated() {
            page +=
                "<th data-column=\"\(index)\">\(e(document.title))"
                + "<br>\(e(document.text("report_id")))</th>"
        }
        page += "</tr>\n<tr><th>decision</th>"
        for (index, document) in documents.enumerated() {
            page +=
                "<td data-column=\"\(index)\" data-decision=\"\(e(document.text("decision")))\">\(e(document.text("decision")))</td>"
        }
        page += "</tr>\n"
        var keys: [String] = []
        for document in documents {
            for row in document.rows where !keys.contains(row.key) { keys.append(row.key) }
        }
        for key in keys {
            page += "<tr><th>\(e(key))</th>"
            for (index, document) in documents.enumerated() {
                if let row = document.rows.first(where: { $0.key == key }) {
                    page +=
                        "<td class=\"v-\(e(row.verdict))\" data-column=\"\(index)\" data-key=\"\(e(key))\" "
                        + "data-verdict=\"\(e(row.verdict))\" data-value=\"\(row.value.map { String($0) } ?? "")\" "
                        + "title=\"\(e(row.thresholdText))\">\(e(row.verdict)) \(e(row.valueText))</td>"
                } else {
                    page += "<td data-column=\"\(index)\" data-key=\"\(e(key))\">-</td>"
                }
            }
            page += "</tr>\n"
        }
        return page + "</table>\n" + FigureChart.comparison(documents) + "</body></html>\n"
    }
}
