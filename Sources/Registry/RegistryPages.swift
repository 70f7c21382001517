import Desk
import Foundation

/// The registry's HTML pages: self-contained (no script, no outside resource; CSP `default-src
/// 'none'`), readable without an account. Every value shown is from a verified, logged entry.
public enum RegistryPages {
    static func e(_ text: String) -> String { ReportRendering.escape(text) }

    static func page(_ title: String, _ body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            + "<title>\(e(title))</title><style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #bbb;padding:.3em .6em}"
            + "table{border-collapse:collapse}.v-pass{background:#c8f0c8}.v-fail{background:#f5b5b5}.v-inconclusive{background:#f8e3a0}"
            + ".v-not-applicable{background:#e4e4e4}</style></head><body><h1>\(e(title))</h1>\n\(body)</body></html>\n"
    }

    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return pairs.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(
            separator: "&")
    }

    static func entryRows(_ entries: [RegistryEntry]) -> String {
        var html =
            "<table id=\"entries\"><tr><th>#</th><th>device</th><th>class</th><th>suite</th><th>lab</th><th>finished</th><th>decision</th><th>earlier</th></tr>\n"
        for entry in entries {
            let r = entry.report
            html +=
                "<tr data-leaf=\"\(entry.leafIndex)\"><td><a href=\"/api/v1/bundles/\(entry.bundleSHA256)\">\(entry.leafIndex)</a></td>"
                + "<td><a href=\"/devices?\(query([("device", r.device)]))\">\(e(r.device))</a></td><td>\(e(r.deviceClass))</td>"
                + "<td>\(e(r.suiteID)) \(e(r.suiteVersion))</td><td>\(e(r.lab))</td><td>\(e(r.finishedAt))</td>"
                + "<td class=\"decision\">\(e(r.decision))</td><td>\(entry.previousLeafIndex.map { "#\($0)" } ?? "")</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The front page: the newest entries and the tree head.
    public static func index(entries: [RegistryEntry], treeHead: String) -> String {
        page(
            "aitc registry",
            "<p>Signed tree head:</p><pre id=\"tree-head\">\(e(treeHead))</pre>\n<h2>Newest reports</h2>\n"
                + entryRows(entries))
    }

    /// A device's reports, newest first, each linked to the one it follows.
    public static func device(_ name: String, entries: [RegistryEntry]) -> String {
        page("\(name) — aitc registry", entries.isEmpty ? "<p>No report for this device.</p>" : entryRows(entries))
    }

    /// A clause leaderboard for one device class and suite version: every report's value for the
    /// clause, best first in the clause's own direction, under `aitc compare`'s comparability rules.
    public static func leaderboard(
        deviceClass: String, clause: String, entries: [RegistryEntry], comparison: ReportComparison
    ) -> String {
        var html = findings(comparison)
        guard comparison.comparable else {
            return page(
                "\(clause) on \(deviceClass) — aitc registry",
                html + "<p id=\"refused\">These reports are not comparable; narrow the suite and version.</p>")
        }
        var rows: [(RegistryEntry, IndexedReport.Figure)] = []
        for entry in entries {
            for figure in entry.report.figures where figure.clauseID == clause { rows.append((entry, figure)) }
        }
        let lowerIsBetter = ["ms", "s", "mj", "j", "w", "mw", "ns", "bytes"].contains(
            (rows.first?.1.unit ?? "").lowercased())
        rows.sort { a, b in
            switch (a.1.value, b.1.value) {
            case (let x?, let y?): return lowerIsBetter ? x < y : x > y
            case (.some, nil): return true
            default: return false
            }
        }
        html +=
            "<table id=\"leaderboard\"><tr><th>rank</th><th>device</th><th>lab</th><th>workload</th><th>verdict</th><th>value</th></tr>\n"
        for (rank, (entry, figure)) in rows.enumerated() {
            let value = figure.value.map { "\($0) \(figure.unit ?? "")" } ?? "not measured"
            html +=
                "<tr><td>\(rank + 1)</td><td>\(e(entry.report.device))</td><td>\(e(entry.report.lab))</td><td>\(e(figure.workloadID ?? "-"))</td>"
                + "<td class=\"v-\(e(figure.verdict))\" data-verdict=\"\(e(figure.verdict))\">\(e(figure.verdict))</td>"
                + "<td data-value=\"\(figure.value.map { String($0) } ?? "")\">\(e(value))</td></tr>\n"
        }
        return page("\(clause) on \(deviceClass) — aitc registry", html + "</table>\n")
    }

    /// The comparison table: `aitc compare`'s page for published reports.
    public static func comparison(_ comparison: ReportComparison) -> String {
        comparison.html()
    }

    static func findings(_ comparison: ReportComparison) -> String {
        var html = "<ul id=\"findings\">\n"
        for finding in comparison.findings {
            html +=
                "<li data-refused=\"\(finding.refused)\">\(finding.refused ? "not comparable" : "note"): \(e(finding.reason))</li>\n"
        }
        return html + "</ul>\n"
    }
}
