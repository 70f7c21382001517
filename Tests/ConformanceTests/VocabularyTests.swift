import Foundation
import Testing

@testable import Conformance

@Suite("Vocabularies")
struct VocabularyTests {
    @Test("device classes validate their names")
    func deviceClasses() {
        #expect(DeviceClass.known.count == 9)
        #expect(DeviceClass(rawValue: "vehicle-cockpit") == .vehicleCockpit)
        #expect(DeviceClass(rawValue: "robot") == nil)
        #expect(DeviceClass.known.allSatisfy { DeviceClass(rawValue: $0.rawValue) == $0 })
    }

    @Test("workload kinds validate their names")
    func workloadKinds() {
        #expect(WorkloadKind.known.count == 6)
        #expect(WorkloadKind(rawValue: "perception-multistream") == .perceptionMultistream)
        #expect(WorkloadKind(rawValue: "LLM") == nil)
    }

    @Test("decoding rejects an unknown device class; thresholds encode as a JSON object")
    func codable() throws {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([DeviceClass].self, from: Data(#"["robot"]"#.utf8))
        }
        let thresholds: [DeviceClass: Double] = [.smartphone: 10]
        let json = String(decoding: try JSONEncoder().encode(thresholds), as: UTF8.self)
        #expect(json == #"{"smartphone":10}"#)
        #expect(try JSONDecoder().decode([DeviceClass: Double].self, from: Data(json.utf8)) == thresholds)
    }

    @Test("the catalogue has the units of the format document")
    func catalogue() {
        let catalog = MetricCatalog.standard
        #expect(catalog.metrics.count == 22)
        #expect(catalog.definition(of: "audit.failures")?.unit == "count")
        #expect(catalog.definition(of: "energy.per_inference_uj")?.unit == "uJ")
        #expect(catalog.definition(of: "llm.decode_rate")?.unit == "tokens/s")
        #expect(catalog.definition(of: "single_stream.p95_latency") == nil)
    }
}
