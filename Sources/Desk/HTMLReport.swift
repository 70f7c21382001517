import Attestation
import Foundation

/// `aitc report html`: one self-contained page (no network, no external file): the verdict
/// matrix, inline SVG charts — each workload's latency distribution from the report's histogram,
/// the latency figures and the energy per inference (with its expanded uncertainty as a band)
/// against their thresholds — the privacy evidence, and the signer and chain.
public enum HTMLReport {
    /// The page.
    public static func render(_ document: ReportDocument) -> String {
        let rows = document.rows
        let e = ReportRendering.escape
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <title>aitc report \(e(document.text("report_id")))</title>
            <style>
            body{font-family:sans-serif;margin:2em;color:#222} table{border-collapse:collapse} td,th{border:1px solid #bbb;padding:.3em .6em}
            .v-pass{background:#c8f0c8}.v-fail{background:#f5b5b5}.v-inconclusive{background:#f8e3a0}.v-not-applicable{background:#e4e4e4}.v-reported-only{background:#dde8f5}
            .decision{font-size:1.4em;font-weight:bold} svg text{font-size:11px}
            </style></head><body>
            <h1>aitc conformance report</h1>
            <p class="decision" id="decision" data-decision="\(e(document.text("decision")))">Decision: \(e(document.text("decision").uppercased()))</p>
            <p>\(e(document.text("decision_reason")))</p>
            <table id="identity">
            <tr><th>report</th><td>\(e(document.text("report_id")))</td></tr>
            <tr><th>device</th><td>\(e(document.text("device", "spec"))) (\(e(document.text("suite", "device_class"))))</td></tr>
            <tr><th>suite</th><td>\(e(document.text("suite", "id"))) \(e(document.text("suite", "version"))), mode \(e(document.text("mode", "name")))</td></tr>
            <tr><th>signer</th><td id="signer">\(e(document.text("lab", "name"))), key \(e(document.text("lab", "key_id")))</td></tr>
            <tr><th>chain</th><td id="chain">\(e(document.chain.isEmpty ? "no certificate chain (plain DSSE or report file)" : document.chain.joined(separator: " → ")))</td></tr>
            </table>

            """
        html += matrix(rows)
        html += LatencyDistributionChart.render(document)
        html += chart(
            id: "latency-chart", title: "Latency figures per workload (bar) against their thresholds (red line)",
            rows: rows.filter { FigureChart.kind(of: $0) == "latency" }, document: document)
        html += chart(
            id: "energy-chart",
            title:
                "Energy per workload (bar, with its expanded uncertainty as a shaded band) against its threshold (red line)",
            rows: rows.filter { FigureChart.kind(of: $0) == "energy" }, document: document)
        html += "<h2>Privacy evidence</h2>\n<ul id=\"privacy\">\n"
        for row in rows where row.clause.hasPrefix("PRV") {
            html +=
                "<li data-clause=\"\(e(row.clause))\" data-verdict=\"\(e(row.verdict))\"><b>\(e(row.clause))</b> \(e(row.title)): \(e(row.verdict))"
                + (row.reason.map { " — \(e($0))" } ?? "") + "</li>\n"
        }
        html += "</ul>\n"
        html += """
            <p id="rendered-counts"></p>
            <script>
            const counts = {};
            for (const cell of document.querySelectorAll('#verdict-matrix td[data-verdict]')) {
              counts[cell.dataset.verdict] = (counts[cell.dataset.verdict] || 0) + 1;
            }
            const out = document.getElementById('rendered-counts');
            for (const [verdict, n] of Object.entries(counts).sort()) out.setAttribute('data-' + verdict, n);
            out.textContent = Object.entries(counts).sort().map(([v, n]) => v + ': ' + n).join(', ');
            for (const svg of document.querySelectorAll('svg.latency-distribution')) {
              let drawn = 0;
              for (const bar of svg.querySelectorAll('rect[data-count]')) drawn += Number(bar.dataset.count);
              svg.setAttribute('data-drawn-count', drawn);
            }
            </script>
            </body></html>

            """
        return html
    }

    /// Clauses down, workloads across (the device itself for clause-wide rows).
    private static func matrix(_ rows: [VerdictRow]) -> String {
        let e = ReportRendering.escape
        var workloads: [String] = []
        for row in rows where !workloads.contains(row.workload ?? "device") {
            workloads.append(row.workload ?? "device")
        }
        var clauses: [String] = []
        for row in rows where !clauses.contains(row.clause) { clauses.append(row.clause) }
        var html = "<h2>Verdict matrix</h2>\n<table id=\"verdict-matrix\">\n<tr><th>clause</th>"
        for workload in workloads { html += "<th>\(e(workload))</th>" }
        html += "</tr>\n"
        for clause in clauses {
            html += "<tr><th>\(e(clause))</th>"
            for workload in workloads {
                if let row = rows.first(where: { $0.clause == clause && ($0.workload ?? "device") == workload }) {
                    html +=
                        "<td class=\"v-\(e(row.verdict))\" data-clause=\"\(e(clause))\" data-workload=\"\(e(workload))\" "
                        + "data-verdict=\"\(e(row.verdict))\" title=\"\(e(row.reason ?? row.title))\">\(e(row.verdict))<br>\(e(row.valueText))</td>"
                } else {
                    html += "<td></td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// Each row with a measured value as a bar scaled to itself (the rows have different units).
    private static func chart(id: String, title: String, rows: [VerdictRow], document: ReportDocument) -> String {
        let bars = rows.enumerated().compactMap { index, row in
            FigureChart.Bar(
                row: row, uncertainty: row.metric.flatMap { document.uncertainty(metric: $0, workload: row.workload) },
                label: "\(row.clause) \(row.workload ?? "device")", scaleGroup: String(index),
                data: [.init("clause", row.clause), .init("workload", row.workload ?? "device")])
        }
        return FigureChart.render(id: id, title: title, bars: bars)
    }
}
