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
            + ".v-not-applicable{background:#e4e4e4}.revoked{background:#fbd0d0;font-weight:bold}</style></head><body><h1>\(e(title))</h1>\n\(body)</body></html>\n"
    }

    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return pairs.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(
            separator: "&")
    }

    static func entryRows(_ entries: [RegistryEntry]) -> String {
        var html =
            "<table id=\"entries\"><tr><th>#</th><th>device</th><th>class</th><th>suite</th><th>lab</th><th>finished</th><th>decision</th><th>earlier</th><th>revocation</th></tr>\n"
        for entry in entries {
            let r = entry.report
            html +=
                "<tr data-leaf=\"\(entry.leafIndex)\"\(revokedAttribute(entry))><td><a href=\"/api/v1/bundles/\(entry.bundleSHA256)\">\(entry.leafIndex)</a></td>"
                + "<td><a href=\"/devices?\(query([("device", r.device)]))\">\(e(r.device))</a></td><td>\(e(r.deviceClass))</td>"
                + "<td>\(e(r.suiteID)) \(e(r.suiteVersion))</td><td>\(e(r.lab))</td><td>\(e(r.finishedAt))</td>"
                + "<td class=\"decision\">\(e(r.decision))</td><td>\(entry.previousLeafIndex.map { "#\($0)" } ?? "")</td>"
                + revocationCell(entry) + "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// ` data-revoked="true"` for an entry whose chain is on the revocation list now, else nothing.
    static func revokedAttribute(_ entry: RegistryEntry) -> String {
        entry.revocation == nil ? "" : " data-revoked=\"true\""
    }

    /// The cell that flags an entry whose lab certificate (or chain) is revoked now, empty otherwise.
    static func revocationCell(_ entry: RegistryEntry) -> String {
        guard let revocation = entry.revocation else { return "<td class=\"revocation\"></td>" }
        return "<td class=\"revocation revoked\">\(e(revocation.notice))</td>"
    }

    /// The filters the front page's form offers, as the JSON API names them.
    package static let listingFilters = ["device", "device_class", "suite_id", "suite_version", "lab", "decision"]

    /// The front page: a filter form (a browser sends it as `?lab=Lab+C`; the registry reads `+` as a
    /// space), the newest entries matching `filters`, a link to the leaderboards and the comparison of
    /// every device class and suite with a published entry (`suites`, from all entries, not only the
    /// listed ones: a class whose reports are all old keeps its links), and the tree head.
    package static func index(
        entries: [RegistryEntry], suites: [PublishedSuite], treeHead: String, filters: [(String, String)] = []
    ) -> String {
        var form = "<form id=\"filter\" method=\"get\" action=\"/\">\n"
        for name in listingFilters {
            let value = filters.first { $0.0 == name }?.1 ?? ""
            form +=
                "<label>\(e(name.replacingOccurrences(of: "_", with: " "))) <input name=\"\(name)\" id=\"filter-\(name)\" value=\"\(e(value))\"></label>\n"
        }
        form += "<button type=\"submit\" id=\"filter-list\">list</button>"
        form += "<button type=\"submit\" id=\"filter-compare\" formaction=\"/compare\">compare</button></form>\n"
        let heading =
            filters.isEmpty
            ? "Newest reports" : "Newest reports where " + filters.map { "\($0.0) is \($0.1)" }.joined(separator: ", ")
        return page(
            "aitc registry",
            form + "<h2>\(e(heading))</h2>\n" + entryRows(entries) + suiteLinks(suites)
                + "<p>Signed tree head:</p><pre id=\"tree-head\">\(e(treeHead))</pre>\n")
    }

    /// For each device class and suite: its leaderboards and its comparison table.
    static func suiteLinks(_ suites: [PublishedSuite]) -> String {
        var html = "<h2>Leaderboards and comparisons</h2>\n<ul id=\"suites\">\n"
        for published in suites {
            let suite = [("suite_id", published.suiteID), ("suite_version", published.suiteVersion)]
            html +=
                "<li data-class=\"\(e(published.deviceClass))\">\(e(published.deviceClass)), \(e(published.suiteID)) \(e(published.suiteVersion)): "
                + "<a class=\"leaderboards\" href=\"\(e(leaderboardAddress(published.deviceClass, suite)))\">leaderboards</a> · "
                + "<a class=\"comparison\" href=\"/compare?\(e(query([("device_class", published.deviceClass)] + suite)))\">comparison</a></li>\n"
        }
        return html + (suites.isEmpty ? "<li>none yet</li>\n" : "") + "</ul>\n"
    }

    /// The address of a device class's leaderboards, narrowed to a suite when given (not escaped for HTML).
    static func leaderboardAddress(_ deviceClass: String, _ suite: [(String, String)]) -> String {
        "/leaderboard/\(pathSegment(deviceClass))" + (suite.isEmpty ? "" : "?" + query(suite))
    }

    /// `text` as one path segment of an address.
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;+")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The leaderboards of one device class and suite: every clause of the compared reports, each
    /// linked to its leaderboard (the clause is chosen here, so no leaderboard is reachable only by
    /// typing its address).
    public static func leaderboards(
        deviceClass: String, suiteID: String?, suiteVersion: String?, comparison: ReportComparison
    ) -> String {
        let title = "Leaderboards for \(deviceClass) — aitc registry"
        guard comparison.comparable else { return refused(title, comparison) }
        var html = findings(comparison)
        var clauses: [String] = []
        for document in comparison.documents {
            for row in document.rows where !clauses.contains(row.clause) { clauses.append(row.clause) }
        }
        var suite: [(String, String)] = []
        if let suiteID { suite.append(("suite_id", suiteID)) }
        if let suiteVersion { suite.append(("suite_version", suiteVersion)) }
        html += clauses.isEmpty ? "<p id=\"no-rows\">No compared report has a clause.</p>\n" : "<ul id=\"clauses\">\n"
        for clause in clauses.sorted() {
            html +=
                "<li><a data-clause=\"\(e(clause))\" href=\"/leaderboard/\(pathSegment(deviceClass))?\(e(query(suite + [("clause", clause)])))\">\(e(clause))</a></li>\n"
        }
        if !clauses.isEmpty { html += "</ul>\n" }
        return page(title, html)
    }

    /// A device's reports, newest first, each linked to the one it follows.
    public static func device(_ name: String, entries: [RegistryEntry]) -> String {
        page("\(name) — aitc registry", entries.isEmpty ? "<p>No report for this device.</p>" : entryRows(entries))
    }

    /// A clause leaderboard for one device class: every compared report's row for the clause, best
    /// first in the direction of the clause's own threshold (`<=`: lower is better, `>=`: higher),
    /// under `aitc compare`'s comparability rules, with the same chart as the comparison. Rows
    /// without a threshold, or whose thresholds point both ways, are listed newest first, unranked.
    /// `entries` and `comparison.documents` are in the same order (``RegistryStore/comparison(matching:)``).
    public static func leaderboard(
        deviceClass: String, clause: String, entries: [RegistryEntry], comparison: ReportComparison
    ) -> String {
        let title = "\(clause) on \(deviceClass) — aitc registry"
        guard comparison.comparable else { return refused(title, comparison) }
        var html = findings(comparison)
        var rows: [(entry: RegistryEntry, document: ReportDocument, row: VerdictRow)] = []
        var revoked: [(entry: RegistryEntry, row: VerdictRow)] = []
        for (entry, document) in zip(entries, comparison.documents) {
            for row in document.rows where row.clause == clause {
                // A report whose lab certificate is revoked now is shown, flagged, but not ranked.
                if entry.revocation == nil { rows.append((entry, document, row)) } else { revoked.append((entry, row)) }
            }
        }
        let directions = Set(rows.compactMap { $0.row.comparison.flatMap(direction) })
        let lowerIsBetter: Bool? = directions.count == 1 ? directions.first : nil
        if let lowerIsBetter {
            rows = rows.enumerated().sorted { a, b in
                switch (a.element.row.value, b.element.row.value) {
                case (let x?, let y?) where x != y: return lowerIsBetter ? x < y : x > y
                case (.some, nil): return true
                case (nil, .some): return false
                default: return a.offset < b.offset
                }
            }.map(\.element)
        }
        let said =
            lowerIsBetter.map {
                $0
                    ? "lower is better (the clause's threshold is an upper bound)"
                    : "higher is better (the clause's threshold is a lower bound)"
            }
            ?? "not ranked: the clause's rows carry no threshold that says which way is better; newest first"
        html +=
            "<p id=\"direction\" data-direction=\"\(lowerIsBetter.map { $0 ? "lower" : "higher" } ?? "none")\">\(e(said))</p>\n"
        if rows.isEmpty { html += "<p id=\"no-rows\">No compared report has a row for \(e(clause)).</p>\n" }
        html +=
            "<table id=\"leaderboard\"><tr><th>rank</th><th>device</th><th>lab</th><th>entry</th><th>workload</th><th>verdict</th><th>value</th><th>threshold</th></tr>\n"
        for (rank, (entry, _, row)) in rows.enumerated() {
            let r = entry.report
            html +=
                "<tr data-rank=\"\(rank + 1)\" data-leaf=\"\(entry.leafIndex)\"><td>\(lowerIsBetter == nil ? "-" : String(rank + 1))</td>"
                + "<td><a href=\"/devices?\(query([("device", r.device)]))\">\(e(r.device))</a></td><td>\(e(r.lab))</td>"
                + "<td><a href=\"/api/v1/bundles/\(entry.bundleSHA256)\">#\(entry.leafIndex)</a></td><td>\(e(row.workload ?? "-"))</td>"
                + "<td class=\"v-\(e(row.verdict))\" data-verdict=\"\(e(row.verdict))\">\(e(row.verdict))</td>"
                + "<td data-value=\"\(row.value.map { String($0) } ?? "")\">\(e(row.valueText))</td><td>\(e(row.thresholdText))</td></tr>\n"
        }
        html += "</table>\n"
        if !revoked.isEmpty {
            html +=
                "<h2>Not ranked: lab certificate revoked</h2>\n<table id=\"revoked\"><tr><th>device</th><th>lab</th><th>entry</th>"
                + "<th>workload</th><th>verdict</th><th>value</th><th>revocation</th></tr>\n"
            for (entry, row) in revoked {
                let r = entry.report
                html +=
                    "<tr data-leaf=\"\(entry.leafIndex)\"\(revokedAttribute(entry))>"
                    + "<td><a href=\"/devices?\(query([("device", r.device)]))\">\(e(r.device))</a></td><td>\(e(r.lab))</td>"
                    + "<td><a href=\"/api/v1/bundles/\(entry.bundleSHA256)\">#\(entry.leafIndex)</a></td><td>\(e(row.workload ?? "-"))</td>"
                    + "<td class=\"v-\(e(row.verdict))\" data-verdict=\"\(e(row.verdict))\">\(e(row.verdict))</td>"
                    + "<td data-value=\"\(row.value.map { String($0) } ?? "")\">\(e(row.valueText))</td>"
                    + revocationCell(entry) + "</tr>\n"
            }
            html += "</table>\n"
        }
        let bars = rows.compactMap { item in
            FigureChart.Bar(
                row: item.row,
                uncertainty: item.row.metric.flatMap {
                    item.document.uncertainty(metric: $0, workload: item.row.workload)
                },
                label: "\(item.entry.report.device) — \(item.entry.report.lab) #\(item.entry.leafIndex)",
                scaleGroup: "\(item.row.workload ?? "device") \(item.row.unit)",
                data: [
                    .init("leaf", String(item.entry.leafIndex)), .init("clause", item.row.clause),
                    .init("workload", item.row.workload ?? "device"),
                ])
        }
        html += FigureChart.render(
            id: "leaderboard-chart", title: "\(clause) per report (bar) against its threshold (red line)", bars: bars)
        return page(title, html)
    }

    /// A page for reports that are not comparable: the reasons, no table and no chart.
    static func refused(_ title: String, _ comparison: ReportComparison) -> String {
        page(
            title,
            findings(comparison)
                + "<p id=\"refused\">These reports are not comparable; narrow the suite and version.</p>")
    }

    /// `true` when a threshold's comparison makes lower values better, `false` when higher.
    static func direction(_ comparison: String) -> Bool? {
        switch comparison {
        case "<=", "<": return true
        case ">=", ">": return false
        default: return nil
        }
    }

    /// The comparison table: `aitc compare`'s page for published reports, with links back — to the
    /// front page, to the leaderboards of each compared device class and suite, and for each
    /// compared report (a column of the table) to its device page and its bundle's bytes.
    /// `entries` and `comparison.documents` are in the same order (``RegistryStore/comparison(matching:)``).
    public static func comparison(_ comparison: ReportComparison, entries: [RegistryEntry]) -> String {
        var header = "<p id=\"back\"><a id=\"front-page\" href=\"/\">aitc registry</a>"
        var seen = Set<PublishedSuite>()
        for entry in entries {
            let r = entry.report
            let published = PublishedSuite(deviceClass: r.deviceClass, suiteID: r.suiteID, suiteVersion: r.suiteVersion)
            guard seen.insert(published).inserted else { continue }
            let suite = [("suite_id", r.suiteID), ("suite_version", r.suiteVersion)]
            header +=
                " · <a class=\"leaderboards\" data-class=\"\(e(r.deviceClass))\" href=\"\(e(leaderboardAddress(r.deviceClass, suite)))\">"
                + "leaderboards for \(e(r.deviceClass)), \(e(r.suiteID)) \(e(r.suiteVersion))</a>"
        }
        header += "</p>\n"
        if !entries.isEmpty {
            header +=
                "<table id=\"reports\"><tr><th>column</th><th>device</th><th>lab</th><th>finished</th><th>entry (bundle)</th><th>revocation</th></tr>\n"
            for (column, entry) in entries.enumerated() {
                let r = entry.report
                header +=
                    "<tr data-leaf=\"\(entry.leafIndex)\" data-column=\"\(column)\"\(revokedAttribute(entry))><td>\(column + 1)</td>"
                    + "<td><a class=\"device\" href=\"/devices?\(e(query([("device", r.device)])))\">\(e(r.device))</a></td>"
                    + "<td>\(e(r.lab))</td><td>\(e(r.finishedAt))</td>"
                    + "<td><a class=\"bundle\" href=\"/api/v1/bundles/\(entry.bundleSHA256)\">#\(entry.leafIndex)</a></td>"
                    + revocationCell(entry) + "</tr>\n"
            }
            header += "</table>\n"
        }
        // A revoked report's column says so in its heading too.
        let flagged = entries.contains { $0.revocation != nil }
        let shown =
            flagged && entries.count == comparison.documents.count
            ? ReportComparison(
                documents: zip(entries, comparison.documents).map { entry, document in
                    entry.revocation == nil ? document : document.titled(document.title + " (lab certificate revoked)")
                }) : comparison
        return shown.html(header: header)
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
