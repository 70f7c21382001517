import Foundation
import TestSupport
import Testing

@testable import Harness

/// The accelerator breakdown (optional ABI extension): merged across run replies, and a split that
/// moves between units fails the accelerator-stable audit even when the named accelerator stays.
struct AcceleratorBreakdownTests {
    static func split(_ npu: Double, changes: Int = 0) -> AcceleratorBreakdown {
        AcceleratorBreakdown(
            basis: "nodes", changes: changes,
            units: [.init(unit: "npu", fraction: npu), .init(unit: "cpu", fraction: 1 - npu)])
    }

    static func loaded() throws -> LoadedWorkload {
        let suite = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let json =
            #"{"handle":"m0","sha256":"00","backend":{"name":"npu-fixture","version":"1"},"accelerator":"npu","inputs":[],"outputs":[]}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let model = try decoder.decode(LoadedModel.self, from: Data(json.utf8))
        return LoadedWorkload(
            workload: try #require(suite.workloads.first), model: model, modelHandle: "m0", samplesHandle: "s0",
            sampleCount: 1)
    }

    @Test func repliesMergeAndCountAChangeOfSplitBetweenThem() {
        #expect(Self.split(0.9).followed(by: Self.split(0.9)).changes == 0)
        #expect(Self.split(0.9).followed(by: Self.split(0.905)).changes == 0)  // within 0.01
        #expect(Self.split(0.9).followed(by: Self.split(0.6, changes: 2)).changes == 3)
    }

    @Test func aSplitThatMovesFailsTheAuditAndASteadyOnePasses() throws {
        let steady = AuditRun.acceleratorStable([], breakdown: Self.split(0.9))
        #expect(steady.passed, "\(steady.evidence)")
        #expect(steady.evidence.contains("npu 90.0%"))
        let moving = AuditRun.acceleratorStable([], breakdown: Self.split(0.9).followed(by: Self.split(0.4)))
        #expect(!moving.passed, "\(moving.evidence)")
    }
}
