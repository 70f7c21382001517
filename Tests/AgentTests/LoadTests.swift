import Foundation
import Harness
import Testing

@Suite("load_model and load_samples")
struct LoadTests {
    @Test func loadModelDescribesIOAndBackend() throws {
        let fx = try EchoFixture()
        let reply = try fx.agent.request([
            "op": "load_model", "handle": "m1", "path": fx.modelPath, "backend": fx.backend,
            "backend_sha256": fx.backendSHA256, "threads": 2,
        ])
        #expect(reply.isOK)
        // SHA-256 of the 4 bytes "ECHO".
        #expect(reply["sha256"] as? String == "23c3bebf31826568ef891d4c8f852b3875d2e5beff0ca44e02bd310c892c0923")
        let backend = reply["backend"] as? [String: Any]
        #expect(backend?["name"] as? String == "echo")
        let library = backend?["library"] as? [String: Any]
        #expect(library?["sha256"] as? String == fx.backendSHA256, "the library that ran, by digest")
        #expect(
            library?["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: fx.backend)[.size] as? Int))
        #expect(library?["path"] as? String == fx.backend)
        let inputs = reply["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 1)
        #expect(inputs.first?["name"] as? String == "input")
        #expect(inputs.first?["dtype"] as? String == "float32")
        #expect(inputs.first?["shape"] as? [Int] == [-1, 4])
        let outputs = reply["outputs"] as? [[String: Any]] ?? []
        #expect(outputs.map { $0["name"] as? String } == ["double", "argmax"])
        #expect(reply["load_ms"] is Double || reply["load_ms"] is Int)
    }

    @Test func backendRefusalsMapToCodes() throws {
        let fx = try EchoFixture()
        let notEcho = try fx.folder.write("random.onnx", data: Data([0x08, 0x07, 0x12, 0x00]))
        let unsupported = try fx.folder.write("unsp.echo", data: Data("ECHOUNSP".utf8))
        let invalid = try fx.agent.request([
            "op": "load_model", "handle": "m1", "path": notEcho, "backend": fx.backend,
            "backend_sha256": fx.backendSHA256,
        ])
        #expect(invalid.errorCode == "model_invalid")
        let refused = try fx.agent.request([
            "op": "load_model", "handle": "m1", "path": unsupported, "backend": fx.backend,
            "backend_sha256": fx.backendSHA256,
        ])
        #expect(refused.errorCode == "unsupported_operator")
        #expect(refused.errorMessage.contains("Foo"))
        let noLibrary = try fx.agent.request([
            "op": "load_model", "handle": "m1", "path": fx.modelPath, "backend": "/no/such/libvendor.so",
            "backend_sha256": fx.backendSHA256,
        ])
        #expect(noLibrary.errorCode == "not_found")
        let notALibrary = try fx.agent.request([
            "op": "load_model", "handle": "m1", "path": fx.modelPath, "backend": fx.modelPath,
            "backend_sha256": FileDigest.sha256(file: fx.modelPath) ?? "",
        ])
        #expect(notALibrary.errorCode == "backend_error")
        let unknownName = try fx.agent.request([
            "op": "load_model", "handle": "m1", "path": fx.modelPath, "backend": "tensorrt",
        ])
        #expect(unknownName.errorCode == "bad_request")
        // The failed loads left the existing model alone.
        #expect(try fx.run(["queries": [0]]).isOK)
    }

    @Test func sampleSetCountsSamples() throws {
        let fx = try EchoFixture()
        let path = try fx.folder.write(
            "y.npy",
            data: NpyFixture.file(
                descr: "<f4", shape: [3, 1, 4], data: NpyFixture.float32(Array(repeating: 1, count: 12))))
        let reply = try fx.loadSamples("s1", path)
        #expect(reply.isOK)
        #expect(reply["count"] as? Int == 3)
    }

    @Test(arguments: [
        ("truncated data", "<f4", [8, 4], 8 * 4 * 4 - 3, "io_error"),
        ("extra data", "<f4", [8, 4], 8 * 4 * 4 + 4, "io_error"),
        ("huge shape", "<f4", [1 << 40, 1 << 30], 16, "io_error"),
        ("big-endian", ">f4", [8, 4], 8 * 4 * 4, "io_error"),
        ("unsupported dtype", "<f8", [8, 4], 8 * 4 * 8, "io_error"),
        ("wrong dtype", "<i4", [8, 4], 8 * 4 * 4, "shape_mismatch"),
        ("wrong sample size", "<f4", [8, 5], 8 * 5 * 4, "shape_mismatch"),
        ("no samples", "<f4", [0, 4], 0, "shape_mismatch"),
    ])
    func badSampleFilesAreRefused(label: String, descr: String, shape: [Int], bytes: Int, code: String) throws {
        let fx = try EchoFixture()
        let path = try fx.folder.write(
            "bad.npy", data: NpyFixture.file(descr: descr, shape: shape, data: Data(count: bytes)))
        let reply = try fx.loadSamples("s1", path)
        #expect(reply.errorCode == code, "\(label): \(reply)")
        #expect(try fx.agent.request(["op": "clock"]).isOK)
    }

    @Test func lyingHeadersAndFortranOrderAreRefused() throws {
        let fx = try EchoFixture()
        let good = NpyFixture.file(descr: "<f4", shape: [8, 4], data: Data(count: 128))
        var lyingLength = good
        lyingLength[8] = 0xFF
        lyingLength[9] = 0xFF
        let fortran = NpyFixture.file(descr: "<f4", shape: [8, 4], fortran: true, data: Data(count: 128))
        for (name, data) in [
            ("len.npy", lyingLength), ("f.npy", fortran), ("short.npy", good.prefix(9)),
            ("magic.npy", Data("hello".utf8)),
        ] {
            let reply = try fx.loadSamples("s1", try fx.folder.write(name, data: data))
            #expect(reply.errorCode == "io_error", "\(name): \(reply)")
        }
    }

    @Test func inputsMustMatchTheModelByName() throws {
        let fx = try EchoFixture()
        let path = try fx.folder.write(
            "x2.npy", data: NpyFixture.file(descr: "<f4", shape: [2, 4], data: Data(count: 32)))
        let extra = try fx.agent.request([
            "op": "load_samples", "handle": "s1", "model": "m0",
            "inputs": ["input": ["path": path], "other": ["path": path]],
        ])
        #expect(extra.errorCode == "bad_request")
        #expect(extra.errorMessage.contains("other"))
        let missing = try fx.agent.request([
            "op": "load_samples", "handle": "s1", "model": "m0", "inputs": [:] as [String: Any],
        ])
        #expect(missing.errorCode == "bad_request")
        let noModel = try fx.loadSamples("s1", path, model: "nope")
        #expect(noModel.errorCode == "not_found")
        let badDigest = try fx.agent.request([
            "op": "load_samples", "handle": "s1", "model": "m0",
            "inputs": ["input": ["path": path, "sha256": String(repeating: "a", count: 64)]],
        ])
        #expect(badDigest.errorCode == "digest_mismatch")
    }
}
