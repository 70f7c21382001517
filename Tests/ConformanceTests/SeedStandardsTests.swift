import Foundation
import Testing

@testable import Conformance

@Suite("Seed standards in Standards/")
struct SeedStandardsTests {
    private func standardsPath() throws -> String {
        let root = try #require(PackageRoot.path(), "package root not found above \(#filePath)")
        return root + "/Standards"
    }

    @Test("load and lint clean")
    func loadClean() throws {
        let path = try standardsPath()
        let loader = StandardsLoader()
        #expect(loader.lint(paths: [path]).map(\.description) == [])
        let set = try loader.load(paths: [path])
        #expect(Set(set.standards.map(\.family)) == Set(StandardFamily.allCases))
        #expect(set.standards.allSatisfy { $0.version == "0.1.0" })
    }

    @Test("every clause of the METHODOLOGY table is present")
    func allClauses() throws {
        let set = try StandardsLoader().load(paths: [try standardsPath()])
        let expected =
            (1...5).map { "LAT-0\($0)" } + ["QUA-01"] + (1...5).map { "ENG-0\($0)" } + (1...6).map { "PRV-0\($0)" }
        for id in expected {
            #expect(set.clause(id: id) != nil, "missing \(id)")
        }
    }

    @Test("thresholds and sources match the methodology table")
    func thresholds() throws {
        let set = try StandardsLoader().load(paths: [try standardsPath()])
        let lat01 = try #require(set.clause(id: "LAT-01"))
        #expect(lat01.requirements.first?.thresholds[.smartphone] == 10)
        #expect(lat01.requirements.first?.thresholds[.toy] == 500)
        let lat03 = try #require(set.clause(id: "LAT-03"))
        #expect(lat03.requirements.map(\.metric) == ["llm.ttft_p90", "llm.decode_rate"])
        #expect(lat03.requirements[0].thresholds[.pc] == 1.0)
        #expect(lat03.requirements[1].comparison == .greaterThanOrEqual)
        #expect(set.clause(id: "LAT-05")?.requirements.count == 2)
        #expect(set.clause(id: "ENG-04")?.requirements.first?.unit == "uJ")
        #expect(set.clause(id: "ENG-01")?.source.contains("EU 2023/826") == true)
        #expect(set.clause(id: "PRV-06")?.source.contains("5.11-1") == true)
        #expect(set.clause(id: "LAT-02")?.source.contains("GB/T 45354.1") == true)
        let qua = try #require(set.clause(id: "QUA-01"))
        #expect(Set(qua.appliesTo.deviceClasses) == Set(DeviceClass.known))
        #expect(Set(qua.appliesTo.workloadKinds ?? []) == Set(WorkloadKind.known))
        #expect(qua.requirements.first?.thresholds.values.allSatisfy { $0 == 1 } == true)
        #expect(set.clauses.filter { $0.id.hasPrefix("PRV") }.allSatisfy { $0.appliesTo.isDeviceLevel })
    }

    @Test("the digest closure receives the file bytes")
    func digest() throws {
        let loader = StandardsLoader(digest: { data in "len:\(data.count)" })
        let set = try loader.load(paths: [try standardsPath() + "/quality.yaml"])
        let size = try #require(FileManager.default.contents(atPath: try standardsPath() + "/quality.yaml")).count
        #expect(set.standards.first?.sha256 == "len:\(size)")
    }
}
