import Foundation
import TestSupport
import Testing

@testable import Harness

@Suite("ONNX input shapes")
struct OnnxInputShapesTests {
    private let digits = ProjectRoot.path + "/Suites/workloads/digits/digits_cnn_fp32.onnx"

    @Test("reads the declared input dims, symbolic batch as nil")
    func declared() throws {
        let model = try #require(FileManager.default.contents(atPath: digits))
        let inputs = try OnnxInputShapes.declared(in: model)
        #expect(inputs.map(\.name) == ["input"])
        #expect(inputs.first?.dims == [nil, 1, 8, 8])
    }

    @Test("fixing a symbolic dim rewrites only the input shape")
    func fixing() throws {
        let model = try #require(FileManager.default.contents(atPath: digits))
        let fixed = try OnnxInputShapes.fixing(["input": [4, 1, 8, 8]], in: model)
        #expect(try OnnxInputShapes.declared(in: fixed).first?.dims == [4, 1, 8, 8])
        // the initializers and nodes are byte-for-byte the same: only a few bytes of the shape differ
        #expect(abs(fixed.count - model.count) < 32)
        #expect(fixed != model)
    }

    @Test("a fixed dim that differs, a wrong rank and an unknown input are refused")
    func refusals() throws {
        let model = try #require(FileManager.default.contents(atPath: digits))
        #expect(throws: BenchError.self) { try OnnxInputShapes.fixing(["input": [1, 3, 8, 8]], in: model) }
        #expect(throws: BenchError.self) { try OnnxInputShapes.fixing(["input": [1, 8, 8]], in: model) }
        #expect(throws: BenchError.self) { try OnnxInputShapes.fixing(["nope": [1, 1, 8, 8]], in: model) }
    }

    @Test("truncated or garbled files are errors, never crashes")
    func malformed() throws {
        let model = try #require(FileManager.default.contents(atPath: digits))
        var rng = SampleIndexGenerator(seed: 7)
        for cut in stride(from: 1, to: min(model.count, 400), by: 7) {
            _ = try? OnnxInputShapes.declared(in: model.prefix(cut))
            _ = try? OnnxInputShapes.fixing(["input": [2, 1, 8, 8]], in: model.prefix(cut))
        }
        for _ in 0..<200 {
            var bytes = [UInt8](model.prefix(600))
            bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            _ = try? OnnxInputShapes.fixing(["input": [2, 1, 8, 8]], in: Data(bytes))
        }
        #expect(throws: BenchError.self) {
            try OnnxInputShapes.declared(in: Data([0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))
        }
    }
}
