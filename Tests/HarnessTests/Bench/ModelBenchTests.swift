import Foundation
import TestSupport
import Testing

@testable import Harness

/// `bench` and `infer` through the real agent and the reference backend.
@Suite("bench and infer through the agent")
struct ModelBenchTests {
    private let digits = ProjectRoot.path + "/Suites/workloads/digits/digits_cnn_fp32.onnx"

    private func bench() throws -> ModelBench {
        ModelBench(driver: LocalDriver(agentPath: try AgentLocator.hostAgent()))
    }

    @Test("bench reports ordered percentiles over the queries asked for")
    func benchDigits() throws {
        let result = try bench().bench(modelPath: digits, queries: 50)
        #expect(result.queries == 50)
        #expect(result.p50Ms > 0)
        #expect(result.p50Ms <= result.p90Ms && result.p90Ms <= result.p99Ms)
        #expect(result.modelSha256 == FileDigest.sha256(file: digits))
        #expect(result.runSha256 == nil)
        #expect(result.inputs.first?.shape == [1, 1, 8, 8])  // the dims it ran at, not the symbolic batch (-1)
        #expect(result.backend == "reference")
    }

    @Test("a --shape for a symbolic batch runs a fixed copy of the model")
    func benchFixedShape() throws {
        let result = try bench().bench(modelPath: digits, shapes: ["input": [3, 1, 8, 8]], queries: 5)
        #expect(result.inputs.first?.shape == [3, 1, 8, 8])
        #expect(result.runSha256 != nil && result.runSha256 != result.modelSha256)
    }

    @Test("an unsupported operator is refused naming op and node")
    func refusal() throws {
        // Relu then Einsum (not in the reference backend), written with the protobuf encoder of the test.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "aitc-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("einsum.onnx").path
        try TinyOnnx.einsumModel().write(to: URL(fileURLWithPath: path))
        let runner = try bench()
        do {
            _ = try runner.bench(modelPath: path, queries: 1)
            Issue.record("the model was not refused")
        } catch {
            #expect(error.isModelRefused)
            #expect(error.message.contains("Einsum"))
            #expect(error.message.contains("my_einsum"))
        }
    }

    @Test("infer writes every output with its shape, equal to a batch-1 run")
    func inferDigits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "aitc-infer-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let values: [Double?] = (0..<64).map { Double($0 % 17) / 16 }
        let input = folder.appendingPathComponent("x.npy")
        try NpyWriter.encode(
            descr: "<f4", shape: [1, 1, 8, 8], body: try #require(NpyWriter.body(values: values, dtype: "float32"))
        )
        .write(to: input)
        let written = try bench().infer(
            modelPath: digits, inputs: ["input": input.path], outDir: folder.appendingPathComponent("out").path)
        #expect(written.count == 1)
        let out = try NpyFile(path: try #require(written.first))
        #expect(out.shape == [1, 10])
        #expect(out.values.allSatisfy { $0.isFinite })
        // the same input twice gives the same output (deterministic backend)
        let again = try bench().infer(
            modelPath: digits, inputs: ["input": input.path], outDir: folder.appendingPathComponent("again").path)
        #expect(try NpyFile(path: again[0]).values == out.values)
    }
}
