import Attestation
import Foundation

/// The latency distribution of each SingleStream and MultiStream run, drawn from the
/// `latency_histogram` the report carries: bars over logarithmic latency bins, the early-stopping
/// estimate (blue, dashed) and the clause's threshold (red) marked. Inline SVG, no script needed;
/// every bar carries its count (`data-count`) so a reader can check the drawing against the report.
enum LatencyDistributionChart {
    /// The scorer metric of each stream scenario's estimate.
    private static let metrics = [
        "single-stream": "single_stream.p90_latency", "multi-stream": "multi_stream.p99_latency",
    ]
    private static let bins = 48
    private static let width = 600.0
    private static let height = 120.0

    /// Every chart of `document`, or a sentence when the report carries no histogram.
    static func render(_ document: ReportDocument) -> String {
        let e = ReportRendering.escape
        var html =
            "<h2>Latency distribution per workload (bars; early-stopping estimate dashed blue, threshold red)</h2>\n"
        var drawn = 0
        for workload in document.predicate["workloads"]?.arrayValue ?? [] {
            let id = workload["id"]?.stringValue ?? "?"
            for scenario in workload["scenarios"]?.arrayValue ?? [] {
                guard let name = scenario["scenario"]?.stringValue, let metric = metrics[name],
                    let histogram = scenario["latency_histogram"], let buckets = histogram["buckets"]?.arrayValue,
                    !buckets.isEmpty
                else { continue }
                let row = document.rows.first { $0.metric == metric && $0.workload == id }
                let boundNs = row.flatMap { row in row.bound.flatMap { bound in nanoseconds(bound, unit: row.unit) } }
                let estimateNs = scenario["early_stopping"]?["estimate_ns"]?.doubleValue
                html +=
                    "<h3>\(e(id)) \(e(name))</h3>\n"
                    + chart(
                        workload: id, scenario: name, buckets: buckets, estimateNs: estimateNs, boundNs: boundNs,
                        verdict: row?.verdict)
                drawn += 1
            }
        }
        return drawn == 0 ? html + "<p id=\"latency-distribution\">the report carries no latency histogram</p>\n" : html
    }

    /// A threshold in ns, for the units latency clauses use.
    private static func nanoseconds(_ value: Double, unit: String) -> Double? {
        switch unit {
        case "ns": return value
        case "us", "µs": return value * 1e3
        case "ms": return value * 1e6
        case "s": return value * 1e9
        default: return nil
        }
    }

    private static func chart(
        workload: String, scenario: String, buckets: [JSONValue], estimateNs: Double?, boundNs: Double?,
        verdict: String?
    ) -> String {
        let e = ReportRendering.escape
        let rows = buckets.compactMap { bucket -> (lower: Double, width: Double, count: Int64)? in
            guard let lower = bucket[0]?.doubleValue, let width = bucket[1]?.doubleValue,
                let count = bucket[2]?.integerValue
            else { return nil }
            return (lower, width, count)
        }
        let smallest = max(1, rows.map(\.lower).min() ?? 1)
        let largest = ([rows.map { $0.lower + $0.width }.max() ?? 1, boundNs ?? 0, estimateNs ?? 0]).max() ?? 1
        let low = log10(smallest)
        let high = max(log10(largest), low + 0.01)
        func x(_ ns: Double) -> Double { 60 + (log10(max(ns, smallest)) - low) / (high - low) * width }
        // Each bucket counts in the bin of its lower edge.
        var counts = [Int64](repeating: 0, count: bins)
        for row in rows {
            let position = (log10(max(row.lower, smallest)) - low) / (high - low)
            counts[min(bins - 1, max(0, Int(position * Double(bins))))] += row.count
        }
        let tallest = Double(counts.max() ?? 1)
        let total = counts.reduce(0, +)
        var svg =
            "<svg class=\"latency-distribution\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width + 120))\" "
            + "height=\"\(Int(height + 40))\" data-workload=\"\(e(workload))\" data-scenario=\"\(e(scenario))\" data-count=\"\(total)\" "
            + "data-estimate-ns=\"\(estimateNs.map { String(Int64($0)) } ?? "")\" data-bound-ns=\"\(boundNs.map { String($0) } ?? "")\" "
            + "data-verdict=\"\(e(verdict ?? ""))\">\n"
        let binWidth = width / Double(bins)
        for (index, count) in counts.enumerated() where count > 0 {
            let barHeight = max(1, Double(count) / tallest * height)
            svg +=
                "<rect data-count=\"\(count)\" x=\"\(String(format: "%.1f", 60 + Double(index) * binWidth))\" "
                + "y=\"\(String(format: "%.1f", 10 + height - barHeight))\" width=\"\(String(format: "%.1f", binWidth - 1))\" "
                + "height=\"\(String(format: "%.1f", barHeight))\" fill=\"#78a\"/>"
        }
        svg += "\n"
        if let estimateNs {
            svg +=
                "<line class=\"estimate\" x1=\"\(String(format: "%.1f", x(estimateNs)))\" x2=\"\(String(format: "%.1f", x(estimateNs)))\" "
                + "y1=\"5\" y2=\"\(Int(height + 12))\" stroke=\"blue\" stroke-dasharray=\"4 3\" stroke-width=\"2\"/>\n"
        }
        if let boundNs {
            svg +=
                "<line class=\"threshold\" x1=\"\(String(format: "%.1f", x(boundNs)))\" x2=\"\(String(format: "%.1f", x(boundNs)))\" "
                + "y1=\"5\" y2=\"\(Int(height + 12))\" stroke=\"red\" stroke-width=\"2\"/>\n"
        }
        svg +=
            "<text x=\"60\" y=\"\(Int(height + 30))\">\(e(label(pow(10, low))))</text>"
            + "<text x=\"\(Int(60 + width - 60))\" y=\"\(Int(height + 30))\">\(e(label(pow(10, high))))</text>"
            + "<text x=\"0\" y=\"20\">\(total)</text><text x=\"0\" y=\"34\">queries</text>\n"
        return svg + "</svg>\n"
    }

    /// `5.6 µs`, `12 ms`.
    private static func label(_ ns: Double) -> String {
        switch ns {
        case ..<1e3: return String(format: "%.3g ns", ns)
        case ..<1e6: return String(format: "%.3g µs", ns / 1e3)
        case ..<1e9: return String(format: "%.3g ms", ns / 1e6)
        default: return String(format: "%.3g s", ns / 1e9)
        }
    }
}
