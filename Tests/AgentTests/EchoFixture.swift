import Foundation
import Harness

/// An agent session with the echo backend loaded as model "m0" and 8 samples as set "s0".
struct EchoFixture {
    let folder: TemporaryFolder
    let agent: AgentSession
    let backend: String
    /// The SHA-256 of the echo library, which the agent demands before it loads a library.
    let backendSHA256: String
    let modelPath: String
    /// samples[i] = [i, i+0.5, -i, 0.25·i]
    let samples: [[Float]]

    init() throws {
        folder = try TemporaryFolder()
        agent = try AgentSession()
        backend = try EchoBackend.build(in: folder.path)
        backendSHA256 = FileDigest.sha256(file: backend) ?? ""
        modelPath = try folder.write("model.echo", data: Data("ECHO".utf8))
        samples = (0..<8).map { i in [Float(i), Float(i) + 0.5, -Float(i), 0.25 * Float(i)] }
        let npy = NpyFixture.file(descr: "<f4", shape: [8, 4], data: NpyFixture.float32(samples.flatMap { $0 }))
        let samplePath = try folder.write("x.npy", data: npy)
        let model = try agent.request([
            "op": "load_model", "handle": "m0", "path": modelPath, "backend": backend, "backend_sha256": backendSHA256,
        ])
        guard model.isOK else { throw AgentSession.Failure(description: "load_model: \(model)") }
        let set = try loadSamples("s0", samplePath)
        guard set.isOK else { throw AgentSession.Failure(description: "load_samples: \(set)") }
    }

    func loadSamples(_ handle: String, _ path: String, model: String = "m0") throws -> [String: Any] {
        try agent.request(["op": "load_samples", "handle": handle, "model": model, "inputs": ["input": ["path": path]]])
    }

    func run(_ params: [String: Any]) throws -> [String: Any] {
        var request: [String: Any] = ["op": "run", "model": "m0", "samples": "s0"]
        request.merge(params) { $1 }
        return try agent.request(request, timeout: 60)
    }
}
