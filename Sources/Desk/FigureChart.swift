/// The inline SVG bar chart of key figures against their thresholds, shared by `aitc report html`,
/// `aitc compare --html` and the registry's comparison and leaderboard pages: one horizontal bar per
/// figure, its threshold a red line, its expanded uncertainty a shaded band. Bars of one scale
/// group share an axis (the same figure in the same unit, e.g. one clause on several devices);
/// bars of different groups are each scaled to their own group (different units never share one).
public enum FigureChart {
    /// One figure to draw.
    public struct Bar: Sendable, Equatable {
        /// The text left of the bar.
        public var label: String
        /// The measured figure, in the row's unit.
        public var value: Double
        /// The expanded uncertainty, when the report states one.
        public var uncertainty: Double?
        /// The threshold, when the clause has one.
        public var bound: Double?
        /// The row's verdict (pass, fail, inconclusive…), which colours the bar.
        public var verdict: String
        /// `12.3 ms`, printed after the bar.
        public var valueText: String
        /// `<= 25 ms`, printed after the value.
        public var thresholdText: String
        /// Bars with the same group share their scale.
        public var scaleGroup: String
        /// `data-*` attributes (name without the prefix, value) written first on the bar's `<g>`.
        public var data: [Attribute]

        /// A `data-NAME="VALUE"` attribute.
        public struct Attribute: Sendable, Equatable {
            /// The name after `data-`.
            public var name: String
            /// The value, escaped when written.
            public var value: String
            /// An attribute `data-name="value"`.
            public init(_ name: String, _ value: String) {
                self.name = name
                self.value = value
            }
        }

        /// A bar for a report's verdict row (nil when the row has no measured value).
        public init?(row: VerdictRow, uncertainty: Double?, label: String, scaleGroup: String, data: [Attribute]) {
            guard let value = row.value else { return nil }
            self.label = label
            self.value = value
            self.uncertainty = uncertainty
            self.bound = row.bound
            self.verdict = row.verdict
            self.valueText = row.valueText
            self.thresholdText = row.thresholdText
            self.scaleGroup = scaleGroup
            self.data = data
        }
    }

    /// The latency metrics the latency chart shows (time units; the distributions are drawn apart).
    public static let latencyMetrics: Set<String> = [
        "single_stream.p90_latency", "multi_stream.p99_latency", "llm.ttft_p90",
    ]

    /// Whether a row's figure belongs on the latency chart, on the energy chart, or on neither.
    public static func kind(of row: VerdictRow) -> String? {
        if latencyMetrics.contains(row.metric ?? "") { return "latency" }
        if row.metric?.hasPrefix("energy.") == true { return "energy" }
        return nil
    }

    /// The chart's `<h2>` title and SVG (`id` on the SVG), or the title and "nothing measured".
    public static func render(id: String, title: String, bars: [Bar]) -> String {
        let e = ReportRendering.escape
        guard !bars.isEmpty else {
            return "<h2>\(e(title))</h2>\n<p id=\"\(id)\">nothing measured</p>\n"
        }
        let width = 600.0
        let rowHeight = 26.0
        var scales: [String: Double] = [:]
        for bar in bars {
            let reach = max(abs(bar.value) + (bar.uncertainty ?? 0), bar.bound ?? 0) * 1.1
            scales[bar.scaleGroup] = max(scales[bar.scaleGroup] ?? 0, reach)
        }
        var svg =
            "<h2>\(e(title))</h2>\n<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width + 300))\" "
            + "height=\"\(Int(Double(bars.count) * rowHeight + 10))\">\n"
        func f(_ number: Double) -> String { String(format: "%.1f", number) }
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 5
            let value = bar.value
            let uncertainty = bar.uncertainty
            let scale = scales[bar.scaleGroup] ?? 0
            func x(_ number: Double) -> Double { 160 + (scale > 0 ? max(0, number) / scale * width : 0) }
            svg += "<g"
            for attribute in bar.data { svg += " data-\(e(attribute.name))=\"\(e(attribute.value))\"" }
            svg +=
                " data-value=\"\(value)\" data-bound=\"\(bar.bound.map { String($0) } ?? "")\" "
                + "data-uncertainty=\"\(uncertainty.map { String($0) } ?? "")\" data-verdict=\"\(e(bar.verdict))\">"
            svg +=
                "<rect x=\"160\" y=\"\(y)\" width=\"\(f(x(value) - 160))\" height=\"18\" class=\"v-\(e(bar.verdict))\" "
                + "fill=\"\(bar.verdict == "pass" ? "#5a5" : bar.verdict == "fail" ? "#c55" : "#ca5")\"/>"
            if let uncertainty, uncertainty > 0 {
                svg +=
                    "<rect class=\"uncertainty\" x=\"\(f(x(value - uncertainty)))\" y=\"\(y - 3)\" "
                    + "width=\"\(f(x(value + uncertainty) - x(value - uncertainty)))\" height=\"24\" fill=\"#333\" fill-opacity=\"0.25\"/>"
            }
            if let bound = bar.bound {
                svg +=
                    "<line x1=\"\(f(x(bound)))\" x2=\"\(f(x(bound)))\" y1=\"\(y - 2)\" y2=\"\(y + 20)\" stroke=\"red\" stroke-width=\"2\"/>"
            }
            svg += "<text x=\"0\" y=\"\(y + 13)\">\(e(bar.label))</text>"
            let stated = uncertainty.map { " ± \(VerdictRow.format($0))" } ?? ""
            svg +=
                "<text x=\"\(f(x(value + (uncertainty ?? 0)) + 5))\" y=\"\(y + 13)\">\(e(bar.valueText))\(e(stated)) (\(e(bar.thresholdText)))</text></g>\n"
        }
        return svg + "</svg>\n"
    }

    /// The latency and energy charts of several reports side by side (`aitc compare --html` and the
    /// registry's comparison page): for each clause × workload, one bar per report on a shared axis,
    /// labelled with the report's title; `data-column` is the report's column in the table.
    public static func comparison(_ documents: [ReportDocument]) -> String {
        var keys: [String] = []
        for document in documents {
            for row in document.rows where row.value != nil && !keys.contains(row.key) { keys.append(row.key) }
        }
        var html = ""
        for (chartKind, id, title) in [
            ("latency", "latency-chart", "Latency figures per report (bar) against their thresholds (red line)"),
            (
                "energy", "energy-chart",
                "Energy per report (bar, with its expanded uncertainty as a shaded band) against its threshold (red line)"
            ),
        ] {
            var bars: [Bar] = []
            for key in keys {
                for (column, document) in documents.enumerated() {
                    guard let row = document.rows.first(where: { $0.key == key }), kind(of: row) == chartKind else {
                        continue
                    }
                    let uncertainty = row.metric.flatMap { document.uncertainty(metric: $0, workload: row.workload) }
                    if let bar = Bar(
                        row: row, uncertainty: uncertainty, label: "\(key) — \(document.title)", scaleGroup: key,
                        data: [
                            .init("clause", row.clause), .init("workload", row.workload ?? "device"),
                            .init("column", String(column)),
                        ])
                    {
                        bars.append(bar)
                    }
                }
            }
            html += render(id: id, title: title, bars: bars)
        }
        return html
    }
}
