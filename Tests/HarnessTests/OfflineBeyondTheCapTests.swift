import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

/// Offline past the agent's per-query cap, on the real agent with digits: a model so fast that the
/// largest query the agent accepts ends before the minimum duration (digits: 2^20 samples in
/// 3–6.6 s against certification's 10 s) continues with more queries of that size, back to back,
/// and the run is valid with their samples and device times summed; only past the run rules'
/// `max_samples` is it invalid, with a note naming the bound.
@Suite(.serialized)
struct OfflineBeyondTheCapTests {
    /// digits-cnn-int8 loaded on a fresh local agent, and the client to run it with.
    static func digits() throws -> (LoadedWorkload, AgentClient) { try loaded("digits-cnn-int8") }

    /// The smartphone suite's workload `id` loaded on a fresh local agent (reference backend, CPU),
    /// and the client to run it with.
    static func loaded(_ id: String) throws -> (LoadedWorkload, AgentClient) {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let workload = try #require(smartphone.workloads.first { $0.id == id })
        let client = AgentClient(transport: try LocalDriver(agentPath: try AgentLocator.hostAgent()).connect())
        _ = try client.hello()
        let model = try client.loadModel(
            handle: "m", path: workload.model.path, sha256: workload.model.sha256, backend: "reference",
            accelerator: "cpu", threads: 1)
        let inputs = workload.inputs.mapValues { FileReference(path: $0.path, sha256: $0.sha256) }
        let samples = try client.loadSamples(handle: "s", model: "m", inputs: inputs)
        let loaded = LoadedWorkload(
            workload: workload, model: model, modelHandle: "m", samplesHandle: "s", sampleCount: samples.count)
        return (loaded, client)
    }

    /// The sums every multi-query Offline result must satisfy.
    static func expectSummed(_ result: ScenarioResult, perQuery: Int) {
        let window = Double(result.endNs - result.beginNs) / 1e9
        #expect(result.samples <= result.queries * perQuery)
        #expect(result.samples > (result.queries - 1) * perQuery)
        #expect(result.durationS <= window, "the summed device time exceeds its window: gaps were counted twice")
        let busy = result.busyFraction ?? 0
        #expect(busy > 0 && busy <= 1)
        #expect(abs(busy - result.durationS / window) < 1e-9)
        #expect(abs((result.throughputSps ?? 0) - Double(result.samples) / result.durationS) < 1e-6)
        #expect(result.runRequests >= result.queries + 1, "the calibration query is a request too")
        #expect(result.activeDurationS >= result.durationS)
    }

    /// One query of 1,024 samples lasts 5–350 ms here (idle to heavily loaded), far below the 1 s
    /// minimum: the run goes on with more 1,024-sample queries until their device times add up to
    /// it, and is valid. The code before this change stopped at the cap and marked the run invalid.
    @Test func aRunPastTheQueryCapSumsBackToBackQueriesAndIsValid() throws {
        let (loaded, client) = try Self.digits()
        defer { client.bye() }
        let perQuery = 1024
        let result = try OfflineRun(
            rules: .init(minSamples: 16, minDurationS: 1, maxSamples: 1 << 22), seed: 1, maxSamples: perQuery
        ).measure(loaded, client: client)
        #expect(result.valid, "\(result.validityNotes)")
        #expect(result.queries > 1)
        #expect(result.durationS >= 1)
        Self.expectSummed(result, perQuery: perQuery)
        #expect(result.summary.contains("\(result.queries) queries back to back"), "\(result.summary)")
    }

    /// The run rules bound the whole run: past `max_samples` it stops, invalid, and the note names
    /// the bound and the queries it ran.
    @Test func theRunRulesBoundStopsTheRunWithANote() throws {
        let (loaded, client) = try Self.digits()
        defer { client.bye() }
        let result = try OfflineRun(
            rules: .init(minSamples: 16, minDurationS: 1e6, maxSamples: 4096), seed: 1, maxSamples: 1024
        ).measure(loaded, client: client)
        #expect(!result.valid)
        #expect(result.queries == 4)
        #expect(result.samples == 4096)
        #expect(
            result.validityNotes.contains { $0.contains("over 4 queries") && $0.contains("max_samples 4096") },
            "\(result.validityNotes)")
        Self.expectSummed(result, perQuery: 1024)
    }

    /// Without `max_samples` the run is one query: it grows to the agent's cap (a query the agent
    /// accepts: certification once asked for 2,000,000 > 2^20 and failed) and stops there, invalid,
    /// saying the rules set no bound.
    @Test func withoutABoundTheRunIsOneQueryAtTheAgentsCap() throws {
        let (loaded, client) = try Self.digits()
        defer { client.bye() }
        let result = try OfflineRun(rules: .init(minSamples: 1 << 17, minDurationS: 1e6), seed: 1).measure(
            loaded, client: client)
        #expect(result.samples == OfflineRun.agentMaxSamples)
        #expect(result.queries == 1)
        #expect(!result.valid)
        #expect(result.validityNotes.contains { $0.contains("no offline max_samples") }, "\(result.validityNotes)")
        #expect(result.busyFraction == 1)
    }

    /// The shipped certification rules on the real agent with digits: the run completes valid
    /// (at least 10 s of device time), whether one query reached it or several did.
    @Test func certificationRulesCompleteDigitsValidly() throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("certification").offline
        let bound = try #require(rules.maxSamples, "the certification rules set no offline max_samples")
        #expect(bound >= 8 * OfflineRun.agentMaxSamples, "digits at 6.6 s per 2^20 samples needs 2 queries; keep room")
        let (loaded, client) = try Self.digits()
        defer { client.bye() }
        let result = try OfflineRun(rules: rules, seed: 1).measure(loaded, client: client)
        #expect(result.valid, "\(result.validityNotes)")
        #expect(result.durationS >= rules.minDurationS)
        Self.expectSummed(result, perQuery: OfflineRun.agentMaxSamples)
        print(
            "certification Offline, digits-cnn-int8: \(result.summary); \(String(format: "%.2f", result.durationS)) s device, "
                + "window \(String(format: "%.2f", Double(result.endNs - result.beginNs) / 1e9)) s, requests \(result.runRequests)"
        )
    }

    /// A run-rules file whose `max_samples` is below `min_samples` is refused with a sentence.
    @Test func aBoundBelowTheFirstQueryIsRefused() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: ProjectRoot.layout.runRulesPath, encoding: .utf8)
            .replacingOccurrences(of: "max_samples: 67108864", with: "max_samples: 100")
        let path = try folder.write("run-rules.yaml", text)
        #expect {
            try RunRules.load(path: path)
        } throws: { error in
            "\(error)".contains("max_samples must be at least min_samples")
        }
    }
}

extension OfflineBeyondTheCapTests {
    /// The documents say what the code and the shipped rules do: the agent's 2^20 cap, the bounds
    /// per mode, and the test that shows it.
    @Test func theDocumentsStateTheCapAndTheShippedBounds() throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        #expect(try rules.mode("quick").offline.maxSamples == 1 << 22)
        #expect(try rules.mode("certification").offline.maxSamples == 1 << 26)
        #expect(OfflineRun.agentMaxSamples == 1 << 20)
        let methodology = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/methodology.md", encoding: .utf8)
        for claim in [
            "quick 2^22", "certification 2^26", "sum of each query's",
            "`busy_fraction` = `duration_s / (end_ns − begin_ns)`",
            "OfflineBeyondTheCapTests", "the run rules set no offline max_samples",
        ] {
            #expect(methodology.contains(claim), "Docs/methodology.md does not say \(claim)")
        }
        let protocolDoc = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/agent-protocol.md", encoding: .utf8)
        #expect(protocolDoc.contains("`per_query` is at most 2^20 (1,048,576)"))
    }
}
