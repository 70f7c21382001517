import Attestation
import Desk
import Foundation
import TestSupport
import Testing

/// The HTML page opened in a real headless Chromium (Debian's `chromium`): the verdict matrix,
/// the chart values and the counts its script computes are read back from the rendered DOM.
@Suite("HTML report in Chromium", .serialized)
struct HTMLReportTests {
    @Test("the rendered verdict matrix, chart values and script-computed counts match the report")
    func renderedPage() throws {
        let fixture = try RealReports.fixture.get()
        for signed in fixture.signed {
            let path = fixture.folder + "/\(signed.deviceClass).html"
            try signed.bundle.write(to: URL(fileURLWithPath: path + ".sigstore.json"))
            let document = try ReportDocument.load(path: path + ".sigstore.json")
            let page = HTMLReport.render(document)
            #expect(
                !page.contains("http://") || page.contains("http://www.w3.org/2000/svg"),
                "the page must not load anything")
            try page.write(toFile: path, atomically: true, encoding: .utf8)
            let dom = try Chromium.dumpDOM(path)
            #expect(dom.contains("verdict-matrix"), "chromium rendered nothing for \(signed.deviceClass)")
            // The matrix: one cell per verdict row, with its verdict.
            let cells = Chromium.attributeSets(in: dom, marker: "data-verdict=").filter {
                $0["class"]?.hasPrefix("v-") == true && $0["title"] != nil
            }
            let rows = document.rows
            #expect(cells.count == rows.count, "\(signed.deviceClass): \(cells.count) cells for \(rows.count) rows")
            for row in rows {
                #expect(
                    cells.contains {
                        $0["data-clause"] == row.clause && $0["data-workload"] == (row.workload ?? "device")
                            && $0["data-verdict"] == row.verdict
                    }, "\(row.clause) \(row.workload ?? "device") \(row.verdict) missing from the rendered matrix")
            }
            // The counts exist only if the page's script ran in the browser.
            let counts = try #require(Chromium.attributeSets(in: dom, marker: "id=\"rendered-counts\"").first)
            for verdict in Set(rows.map(\.verdict)) {
                #expect(counts["data-\(verdict)"] == String(rows.filter { $0.verdict == verdict }.count), "\(counts)")
            }
            // Chart bars carry the measured values of the latency and energy rows.
            let bars = Chromium.attributeSets(in: dom, marker: "data-value=")
            let charted = rows.filter {
                $0.value != nil
                    && (["single_stream.p90_latency", "multi_stream.p99_latency", "llm.ttft_p90"].contains(
                        $0.metric ?? "")
                        || $0.metric?.hasPrefix("energy.") == true)
            }
            for row in charted {
                #expect(
                    bars.contains { $0["data-clause"] == row.clause && Double($0["data-value"] ?? "") == row.value },
                    "\(row.clause)")
            }
            // The latency distribution of every stream run, drawn from its histogram: the bars the
            // browser holds add up to the histogram's count (summed by the page's script), with the
            // estimate and the threshold the report states.
            let report = try JSONValue(data: signed.report)
            let charts = Chromium.attributeSets(in: dom, marker: "class=\"latency-distribution\"")
            var expected = 0
            for workload in report["workloads"]?.arrayValue ?? [] {
                for scenario in workload["scenarios"]?.arrayValue ?? [] where scenario["latency_histogram"] != nil {
                    expected += 1
                    let id = workload["id"]?.stringValue
                    let name = scenario["scenario"]?.stringValue
                    let chart = try #require(
                        charts.first { $0["data-workload"] == id && $0["data-scenario"] == name },
                        "\(id ?? "") \(name ?? "")")
                    let count = scenario["latency_histogram"]?["count"]?.integerValue.map { String($0) }
                    #expect(chart["data-count"] == count && chart["data-drawn-count"] == count, "\(chart)")
                    #expect(
                        chart["data-estimate-ns"]
                            == (scenario["early_stopping"]?["estimate_ns"]?.integerValue.map { String($0) } ?? ""))
                    let metric = name == "single-stream" ? "single_stream.p90_latency" : "multi_stream.p99_latency"
                    if let bound = rows.first(where: { $0.metric == metric && $0.workload == id })?.bound {
                        #expect(Double(chart["data-bound-ns"] ?? "") == bound * 1e6, "\(chart)")
                    }
                }
            }
            #expect(
                expected > 0 && charts.count == expected,
                "\(signed.deviceClass): \(charts.count) distributions for \(expected) histograms")
            #expect(dom.contains("data-decision=\"\(signed.report.isEmpty ? "" : document.text("decision"))\""))
            #expect(dom.contains(signed.lab))
        }
    }

    @Test("the energy chart draws each figure's expanded uncertainty as a band, in the browser")
    func energyUncertaintyBand() throws {
        let fixture = try RealReports.fixture.get()
        // A real report with two energy rows added as the energy instrument writes them: one with
        // an uncertainty (± 0.4 mJ around 3.1 mJ, bound 4 mJ), one whose meter stated none.
        var report = try JSONValue(data: fixture.signed[0].report).objectValue!
        let workload = report["workloads"]?[0]?["id"]?.stringValue ?? "w"
        func verdict(_ clause: String, _ metric: String, _ value: Double) -> JSONValue {
            .object([
                "clause_id": .string(clause), "title": .string("energy"), "level": .string("mandatory"),
                "workload_id": .string(workload),
                "verdict": .string("pass"), "evidence": .array([]),
                "checks": .array([
                    .object([
                        "metric": .string(metric), "value": .number(value), "comparison": .string("<="),
                        "bound": .number(4),
                        "unit": .string("mJ"), "verdict": .string("pass"),
                    ])
                ]),
            ])
        }
        report["verdicts"] = .array(
            (report["verdicts"]?.arrayValue ?? []) + [
                verdict("ENG-90", "energy.per_inference_mj", 3.1), verdict("ENG-91", "energy.per_inference_uj", 2.5),
            ])
        var input = report["scoring_input"]!.objectValue!
        input["measurements"] = .array(
            (input["measurements"]?.arrayValue ?? []) + [
                .object([
                    "metric": .string("energy.per_inference_mj"), "workload_id": .string(workload),
                    "value": .number(3.1),
                    "uncertainty": .number(0.4), "unit": .string("mJ"), "valid": .bool(true),
                    "evidence": .string("meter"),
                ]),
                .object([
                    "metric": .string("energy.per_inference_uj"), "workload_id": .string(workload),
                    "value": .number(2.5),
                    "uncertainty_missing": .string("the meter states no accuracy"), "unit": .string("uJ"),
                    "valid": .bool(true),
                    "evidence": .string("counter"),
                ]),
            ])
        report["scoring_input"] = .object(input)
        let path = fixture.folder + "/energy.html"
        try HTMLReport.render(ReportDocument(predicate: .object(report), path: "energy")).write(
            toFile: path, atomically: true, encoding: .utf8)
        let dom = try Chromium.dumpDOM(path)
        let groups = Chromium.attributeSets(in: dom, marker: "data-uncertainty=")
        let stated = try #require(groups.first { $0["data-clause"] == "ENG-90" })
        #expect(
            stated["data-value"] == "3.1" && stated["data-uncertainty"] == "0.4" && stated["data-bound"] == "4.0",
            "\(stated)")
        let unstated = try #require(groups.first { $0["data-clause"] == "ENG-91" })
        #expect(unstated["data-uncertainty"] == "", "\(unstated)")
        // Exactly one band, spanning value ± uncertainty on the row's own scale (160 px origin, 600 px for 1.1 × max).
        let bands = Chromium.attributeSets(in: dom, marker: "class=\"uncertainty\"")
        #expect(bands.count == 1, "\(bands)")
        let scale = max(3.1 + 0.4, 4) * 1.1
        let x = Double(bands.first?["x"] ?? "") ?? -1
        let width = Double(bands.first?["width"] ?? "") ?? -1
        #expect(abs(x - (160 + 2.7 / scale * 600)) < 0.2 && abs(width - 0.8 / scale * 600) < 0.2, "\(bands)")
        #expect(dom.contains("3.1 mJ ± 0.4"), "the figure's label states its uncertainty")
    }

    @Test(
        "aitc compare --html: the page a browser renders shows every verified report's verdicts and figures; a refused comparison shows the reasons and no table"
    )
    func comparePage() throws {
        let fixture = try RealReports.fixture.get()
        let folder = fixture.folder + "/compare-page"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let smartphone = try #require(fixture.signed.first { $0.deviceClass == "smartphone" })
        let pc = try #require(fixture.signed.first { $0.deviceClass == "pc" })
        // A second smartphone, as Lab A would sign it: same suite and standards, another device.
        var second = try JSONValue(data: smartphone.report).objectValue!
        var device = second["device"]!.objectValue!
        device["spec"] = .string("second-device")
        second["device"] = .object(device)
        second["report_id"] = .string("second-device-report")
        try smartphone.bundle.write(to: URL(fileURLWithPath: folder + "/a.sigstore.json"))
        try RealReports.resigned(.object(second), lab: "Lab A", fixture: fixture).write(
            to: URL(fileURLWithPath: folder + "/b.sigstore.json"))
        try pc.bundle.write(to: URL(fileURLWithPath: folder + "/pc.sigstore.json"))
        let root = fixture.folder + "/root.crt"

        let compared = try DeskCommandLineTests.aitc(
            [
                "compare", folder + "/a.sigstore.json", folder + "/b.sigstore.json", "--trust-root", root, "--html",
                folder + "/cmp.html",
            ])
        #expect(compared.status == 0, "\(compared.stderr)")
        let dom = try Chromium.dumpDOM(folder + "/cmp.html")
        #expect(dom.contains("data-comparable=\"true\""), "\(dom.prefix(400))")
        #expect(dom.contains("second-device") && dom.contains("Lab A"))
        let cells = Chromium.attributeSets(in: dom, marker: "data-key=")
        let documents = [try JSONValue(data: smartphone.report), JSONValue.object(second)]
        for (column, predicate) in documents.enumerated() {
            let rows = ReportDocument(predicate: predicate, path: "").rows
            #expect(!rows.isEmpty)
            for row in rows {
                let cell = cells.first { $0["data-column"] == String(column) && $0["data-key"] == row.key }
                #expect(cell?["data-verdict"] == row.verdict, "\(row.key) column \(column): \(cell ?? [:])")
                #expect(Double(cell?["data-value"] ?? "") == row.value, "\(row.key) column \(column): \(cell ?? [:])")
            }
        }
        let decisions = Chromium.attributeSets(in: dom, marker: "data-decision=")
        #expect(
            decisions.count == 2
                && decisions.allSatisfy { $0["data-decision"] == documents[0]["decision"]?.stringValue })

        // Across suites: refused, exit 1, the page gives the reason and no table.
        let refused = try DeskCommandLineTests.aitc(
            [
                "compare", folder + "/a.sigstore.json", folder + "/pc.sigstore.json", "--trust-root", root, "--html",
                folder + "/refused.html",
            ])
        #expect(refused.status == 1 && refused.stderr.contains("not comparable: suites differ"), "\(refused.stderr)")
        let refusedDOM = try Chromium.dumpDOM(folder + "/refused.html")
        #expect(refusedDOM.contains("data-comparable=\"false\"") && !refusedDOM.contains("id=\"comparison\""))
        #expect(Chromium.attributeSets(in: refusedDOM, marker: "data-refused=\"true\"").count >= 1)

        // An unverified bundle stops the comparison before any page is written.
        try RealReports.tampered(smartphone.bundle).write(to: URL(fileURLWithPath: folder + "/t.sigstore.json"))
        let unverified = try DeskCommandLineTests.aitc(
            [
                "compare", folder + "/t.sigstore.json", folder + "/b.sigstore.json", "--trust-root", root, "--html",
                folder + "/t.html",
            ])
        #expect(unverified.status == 1 && unverified.stderr.contains("is not verified"), "\(unverified.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/t.html"))
    }
}
