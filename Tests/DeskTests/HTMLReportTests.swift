import Attestation
import Desk
import Foundation
import Testing

/// The HTML page opened in a real headless Chromium (Debian's `chromium`): the verdict matrix,
/// the chart values and the counts its script computes are read back from the rendered DOM.
@Suite("HTML report in Chromium", .serialized)
struct HTMLReportTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func dumpDOM(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium, "chromium is missing: run Tools/bootstrap.sh"))
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(NSTemporaryDirectory())aitc-chromium-\(UUID().uuidString)", "--dump-dom", "file://" + path,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return dom
    }

    /// Every `<tag … data-…>` attribute set in `html` whose attributes include `marker`.
    static func attributeSets(in html: String, marker: String) -> [[String: String]] {
        var sets: [[String: String]] = []
        for tag in html.components(separatedBy: "<").dropFirst() {
            guard let end = tag.firstIndex(of: ">") else { continue }
            let inside = String(tag[..<end])
            guard inside.contains(marker) else { continue }
            var attributes: [String: String] = [:]
            let pattern = #"([a-z-]+)="([^"]*)""#
            let regex = try! NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: inside, range: NSRange(inside.startIndex..., in: inside)) {
                let key = String(inside[Range(match.range(at: 1), in: inside)!])
                let value = String(inside[Range(match.range(at: 2), in: inside)!])
                attributes[key] = value
            }
            sets.append(attributes)
        }
        return sets
    }

    @Test("the rendered verdict matrix, chart values and script-computed counts match the report")
    func renderedPage() throws {
        let fixture = try RealReports.fixture.get()
        for signed in fixture.signed {
            let path = fixture.folder + "/\(signed.deviceClass).html"
            try signed.bundle.write(to: URL(fileURLWithPath: path + ".sigstore.json"))
            let document = try ReportDocument.load(path: path + ".sigstore.json")
            let page = HTMLReport.render(document)
            #expect(!page.contains("http://") || page.contains("http://www.w3.org/2000/svg"), "the page must not load anything")
            try page.write(toFile: path, atomically: true, encoding: .utf8)
            let dom = try Self.dumpDOM(path)
            #expect(dom.contains("verdict-matrix"), "chromium rendered nothing for \(signed.deviceClass)")
            // The matrix: one cell per verdict row, with its verdict.
            let cells = Self.attributeSets(in: dom, marker: "data-verdict=").filter { $0["class"]?.hasPrefix("v-") == true && $0["title"] != nil }
            let rows = document.rows
            #expect(cells.count == rows.count, "\(signed.deviceClass): \(cells.count) cells for \(rows.count) rows")
            for row in rows {
                #expect(cells.contains {
                    $0["data-clause"] == row.clause && $0["data-workload"] == (row.workload ?? "device") && $0["data-verdict"] == row.verdict
                }, "\(row.clause) \(row.workload ?? "device") \(row.verdict) missing from the rendered matrix")
            }
            // The counts exist only if the page's script ran in the browser.
            let counts = try #require(Self.attributeSets(in: dom, marker: "id=\"rendered-counts\"").first)
            for verdict in Set(rows.map(\.verdict)) {
                #expect(counts["data-\(verdict)"] == String(rows.filter { $0.verdict == verdict }.count), "\(counts)")
            }
            // Chart bars carry the measured values of the latency and energy rows.
            let bars = Self.attributeSets(in: dom, marker: "data-value=")
            for row in rows where row.value != nil && (row.metric?.hasPrefix("latency") == true || row.metric?.hasPrefix("energy") == true) {
                #expect(bars.contains { $0["data-clause"] == row.clause && Double($0["data-value"] ?? "") == row.value }, "\(row.clause)")
            }
            #expect(dom.contains("data-decision=\"\(signed.report.isEmpty ? "" : document.text("decision"))\""))
            #expect(dom.contains(signed.lab))
        }
    }
}
