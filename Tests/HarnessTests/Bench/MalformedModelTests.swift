import Foundation
import TestSupport
import Testing

@testable import Harness

/// Malformed ONNX files through the agent's `load_model` into the reference backend: every file gets a
/// reply (loaded or refused) and the agent stays alive and correct afterwards.
@Suite("malformed models through the agent")
struct MalformedModelTests {
    @Test("truncated and bit-flipped models never kill the agent")
    func mutatedModels() throws {
        let digits = ProjectRoot.path + "/Suites/workloads/digits/digits_cnn_fp32.onnx"
        let model = [UInt8](try #require(FileManager.default.contents(atPath: digits)))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aitc-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = AgentClient(transport: try LocalDriver(agentPath: try AgentLocator.hostAgent()).connect())
        defer { client.bye() }
        _ = try client.hello()
        var rng = SampleIndexGenerator(seed: 0x0F22)
        var refused = 0
        for round in 0..<80 {
            var bytes = model
            switch round % 4 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<(1 + Int(rng.next() % 8)) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(1 << (rng.next() % 8))
                }
            case 2:  // absurd varints (huge lengths and dims) spliced in
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes.replaceSubrange(at..<min(at + 6, bytes.count), with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
            default: bytes = (0..<Int(rng.next() % 2048)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            let path = folder.appendingPathComponent("m\(round).onnx").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try client.loadModel(
                    handle: "m", path: path, sha256: nil, backend: "reference", accelerator: "cpu", threads: 1)
            } catch {
                #expect(error.code == .agentRefused, "round \(round): \(error)")
                refused += 1
            }
        }
        #expect(refused > 40)
        let loaded = try client.loadModel(
            handle: "ok", path: digits, sha256: nil, backend: "reference", accelerator: "cpu", threads: 1)
        #expect(loaded.inputs.first?.shape == [-1, 1, 8, 8])
    }
}
