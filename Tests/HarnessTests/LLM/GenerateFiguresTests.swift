import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

/// The LLM figures and the token-match score from known generations (no device).
struct GenerateFiguresTests {
    static func result(
        generations: [GenerateResult.Generation], accuracy: [GenerateResult.Generation] = []
    ) -> GenerateResult {
        let ttfts = generations.map(\.ttftNs)
        return GenerateResult(
            promptLength: 512, newTokens: generations.first?.tokens.count ?? 1, seed: 1, accuracy: accuracy,
            timed: generations,
            durationS: 70, valid: true, validityNotes: [],
            ttft: EarlyStopping(percentile: 0.90).estimate(latenciesNs: ttfts),
            ttftSummary: LatencySummary(latenciesNs: ttfts),
            stepSummary: LatencySummary(latenciesNs: generations.flatMap(\.stepNs)),
            accelerator: "cpu", acceleratorChanges: 0)
    }

    static func record(_ result: GenerateResult) throws -> WorkloadRecord {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        var record = WorkloadRecord(
            workload: try #require(smartphone.workloads.first { $0.kind == .llm }), acceleratorRequested: "cpu")
        record.generation = result
        return record
    }

    @Test func decodeRateAndEarlyStoppingTTFT() throws {
        // 64 generations: TTFT 1..64 ms, 3 decode steps of 10 ms each -> 100 tokens/s.
        let generations = (1...64).map {
            GenerateResult.Generation(
                prompt: 0, tokens: [1, 2, 3, 4], ttftNs: UInt64($0) * 1_000_000,
                stepNs: [10_000_000, 10_000_000, 10_000_000])
        }
        let result = Self.result(generations: generations)
        #expect(abs((result.decodeTokensPerSecond ?? 0) - 100) < 1e-9)
        // 64 queries support t = 1: the estimate is the slowest (nothing dropped), 64 ms.
        #expect(result.ttftP90Seconds == 0.064)
        let measurements = GenerateMeasurements(workload: try Self.record(result), energyReason: "no meter")
            .measurements()
        #expect(measurements.first { $0.metric == "llm.ttft_p90" }?.value == 0.064)
        #expect(measurements.first { $0.metric == "llm.ttft_p90" }?.unit == "s")
        #expect(measurements.first { $0.metric == "llm.decode_rate" }.map { abs(($0.value ?? 0) - 100) < 1e-9 } == true)
        let energy = try #require(measurements.first { $0.metric == "energy.llm_per_1000_tokens" })
        #expect(energy.value == nil && energy.reason == "no meter")
    }

    @Test func missingGenerationIsAbsentWithReason() throws {
        var record = try Self.record(Self.result(generations: []))
        record.generation = nil
        let measurements = GenerateMeasurements(workload: record, energyReason: "x").measurements()
        #expect(measurements.allSatisfy { $0.value == nil && $0.reason != nil })
    }

    @Test func tokenMatchCountsEveryWrongToken() throws {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let workload = try #require(smartphone.workloads.first { $0.kind == .llm })
        let reference = try NpyFile(path: try #require(workload.quality.gates.first).reference.path)
        #expect(reference.shape == [4, 32])
        let right = (0..<4).map { prompt in
            GenerateResult.Generation(
                prompt: prompt, tokens: (0..<32).map { Int(reference.values[prompt * 32 + $0]) }, ttftNs: 1,
                stepNs: Array(repeating: 1, count: 31))
        }
        var wrongTokens = right[2].tokens
        wrongTokens[17] += 1
        let wrong = GenerateResult.Generation(prompt: 2, tokens: wrongTokens, ttftNs: 1, stepNs: right[2].stepNs)
        let perfect = try GenerateRun.score(Self.result(generations: right, accuracy: right), workload: workload)
        #expect(perfect.targetRatio == 1)
        // One token wrong in a timed generation (the quality pass was right): caught by the gate and the audit.
        let result = Self.result(generations: right + [wrong], accuracy: right)
        let scored = try GenerateRun.score(result, workload: workload)
        #expect(scored.gates.first?.value == Double(9 * 32 - 1) / Double(9 * 32))
        #expect(scored.targetRatio < 1)
        let audit = try #require(GenerateRun.audits(result).first { $0.kind == .outputsMatch })
        #expect(!audit.passed)
    }

    @Test func suitesAndRunRulesCarryTheLLMSections() throws {
        let loader = SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory)
        for name in ["smartphone", "pc"] {
            let llm = try #require(try loader.load(name).workloads.first { $0.kind == .llm })
            #expect(llm.llm?.newTokens == 32)
            #expect(llm.llm?.decodeModel.path.hasSuffix("llm_decode.onnx") == true)
            #expect(llm.quality.gates.map(\.metric) == [.tokenMatch])
            #expect(llm.inputs.keys.sorted() == ["input_ids", "position_ids"])
        }
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        #expect(try rules.mode("quick").llm?.minPrompts == 64)
        #expect(try rules.mode("certification").llm?.minPrompts == 197)
    }
}
