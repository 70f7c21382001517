import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

/// Every metric any producer emits is in the catalogue, so it can reach a clause and the report;
/// and the catalogue is the table of Docs/standards-format.md.
@Suite("Metric catalogue covers every producer")
struct MetricCatalogCoverageTests {
    static let families = [
        "single_stream", "multi_stream", "server", "offline", "llm", "sustained", "quality", "audit", "energy",
        "privacy",
    ]

    @Test("every metric name written in Sources/ is in the catalogue")
    func sourcesUseOnlyCatalogueNames() throws {
        let sources = (ProjectRoot.path as NSString).appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #""((?:\#(Self.families.joined(separator: "|")))\.[a-z0-9_]+)""#)
        var found: Set<String> = []
        for file in FileManager.default.subpaths(atPath: sources) ?? [] where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: (sources as NSString).appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let name = String(text[range])
                found.insert(name)
                #expect(
                    MetricCatalog.standard.definition(of: name) != nil,
                    "Sources/\(file) produces \(name), which the catalogue lacks: it would never reach a clause")
            }
        }
        #expect(found.contains("energy.samples_per_joule"), "the scan must see the energy producer's names")
    }

    @Test("every measurement the harness builds from a record is in the catalogue, with the catalogue's unit")
    func builtMeasurementsAreCatalogued() throws {
        let layout = ProjectRoot.layout
        let suite = try SuiteLoader(suitesDirectory: layout.suitesDirectory).load("smartphone")
        let rules = try RunRules.load(path: layout.runRulesPath)
        var record = RunRecord(suite: suite, mode: try rules.mode("quick"), device: .local, emulated: false)
        record.workloads = suite.workloads.map { WorkloadRecord(workload: $0, acceleratorRequested: "cpu") }
        let measurements = MeasurementBuilder().measurements(for: record)
        #expect(!measurements.isEmpty)
        for measurement in measurements {
            let definition = MetricCatalog.standard.definition(of: measurement.metric)
            #expect(definition != nil, "\(measurement.metric) is not in the catalogue")
            #expect(definition?.unit == measurement.unit, "\(measurement.metric) in \(measurement.unit)")
        }
    }

    @Test("the catalogue is the table of Docs/standards-format.md")
    func catalogueMatchesTheFormatDocument() throws {
        let text = try String(
            contentsOfFile: (ProjectRoot.path as NSString).appendingPathComponent("Docs/standards-format.md"),
            encoding: .utf8)
        var documented: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, cells[0].contains(".") else { continue }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1]
        }
        let catalogue = Dictionary(uniqueKeysWithValues: MetricCatalog.standard.metrics.map { ($0.name, $0.unit) })
        #expect(documented == catalogue)
    }
}
