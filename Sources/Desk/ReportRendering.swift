import Attestation
import Foundation

/// The report as a terminal table, JSON verdicts for scripts, and JUnit XML for makers' CI.
public enum ReportRendering {
    /// `aitc report show`: device, suite, decision, then each clause with value, threshold and verdict.
    public static func table(_ document: ReportDocument) -> String {
        var lines = [
            "report    : \(document.text("report_id"))",
            "device    : \(document.text("device", "spec")) (\(document.text("suite", "device_class")))",
            "suite     : \(document.text("suite", "id")) \(document.text("suite", "version")), mode \(document.text("mode", "name"))",
            "lab       : \(document.text("lab", "name"))"
                + (document.chain.isEmpty ? "" : " — chain \(document.chain.joined(separator: " → "))"),
            "decision  : \(document.text("decision").uppercased()) — \(document.text("decision_reason"))",
            "",
        ]
        let header = ["clause", "workload", "value", "threshold", "verdict"]
        var rows = [header]
        for row in document.rows {
            rows.append([row.clause, row.workload ?? "-", row.valueText, row.thresholdText, row.verdict])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            lines.append(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                    separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `aitc report json`: the verdicts and decision only, stable for scripts.
    public static func json(_ document: ReportDocument) -> JSONValue {
        .object([
            "report_id": document.predicate["report_id"] ?? .null,
            "decision": document.predicate["decision"] ?? .null,
            "device_class": document.predicate["suite"]?["device_class"] ?? .null,
            "suite": document.predicate["suite"]?["id"] ?? .null,
            "lab": document.predicate["lab"]?["name"] ?? .null,
            "verdicts": .array(
                document.rows.map { row in
                    .object([
                        "clause_id": .string(row.clause), "workload_id": row.workload.map(JSONValue.string) ?? .null,
                        "verdict": .string(row.verdict), "value": row.value.map(JSONValue.number) ?? .null,
                        "bound": row.bound.map(JSONValue.number) ?? .null, "unit": .string(row.unit),
                        "reason": row.reason.map(JSONValue.string) ?? .null,
                    ])
                }),
        ])
    }

    /// `aitc report junit`: each clause × workload a test case; fail and inconclusive rows are
    /// failures carrying the reason (an inconclusive row never passes), not-applicable and
    /// reported-only rows skipped (a figure without a bound is not a pass).
    public static func junit(_ document: ReportDocument) -> String {
        let rows = document.rows
        let failures = rows.filter { $0.verdict == "fail" || $0.verdict == "inconclusive" }.count
        let skipped = rows.filter { $0.verdict == "not-applicable" || $0.verdict == "reported-only" }.count
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuites name="aitc" tests="\#(rows.count)" failures="\#(failures)" skipped="\#(skipped)">"# + "\n"
        xml +=
            #"  <testsuite name="\#(escape(document.text("suite", "id"))) on \#(escape(document.text("device", "spec")))" "#
            + #"tests="\#(rows.count)" failures="\#(failures)" skipped="\#(skipped)">"# + "\n"
        for row in rows {
            let name = row.workload.map { "\(row.clause) \($0)" } ?? row.clause
            xml += #"    <testcase classname="\#(escape(row.clause))" name="\#(escape(name))">"#
            let detail = "\(row.title): value \(row.valueText), threshold \(row.thresholdText)"
            switch row.verdict {
            case "fail", "inconclusive":
                xml +=
                    "\n"
                    + #"      <failure type="\#(row.verdict)" message="\#(escape(row.reason ?? row.verdict))">\#(escape(detail))</failure>"#
                xml += "\n    </testcase>\n"
            case "not-applicable", "reported-only":
                xml +=
                    "\n" + #"      <skipped message="\#(escape(row.reason ?? row.verdict))"/>"# + "\n    </testcase>\n"
            default:
                xml += "</testcase>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// Text escaped for XML and HTML attributes and content.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
