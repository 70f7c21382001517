import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Real third-party runtimes (ONNX Runtime and OpenVINO from PyPI, Tools/backends/requirements.txt)
/// behind the backend ABI through Tools/backends/pybridge: each keeps every rule of `aitc backend
/// check` and certifies the smart-home suite's quality gates.
@Suite(.serialized)
struct BridgeBackendTests {
    /// The bridge libraries, built once per test process into a temporary folder.
    static let built: Result<String, BuildError> = {
        let out = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-bridges-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "\(ProjectRoot.path)/Tools/backends/pybridge/build.sh", "onnxruntime", "openvino"]
        process.environment = ProcessInfo.processInfo.environment.merging(["OUT": out]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(BuildError(description: "cannot run build.sh: \(error)")) }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(
                BuildError(description: "Tools/backends/pybridge/build.sh failed (run Tools/bootstrap.sh): \(message)"))
        }
        return .success(out)
    }()

    struct BuildError: Error, CustomStringConvertible {
        let description: String
    }

    static func library(_ runtime: String) throws -> String {
        "\(try built.get())/libaitc_\(runtime).so"
    }

    static func smartHome() throws -> Suite {
        try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smart-home")
    }

    @Test(arguments: ["onnxruntime", "openvino"])
    func keepsEveryRuleOfTheCheck(runtime: String) throws {
        let check = BackendCheck(
            driver: LocalDriver(agentPath: try AgentLocator.hostAgent()), backend: try Self.library(runtime),
            suite: try Self.smartHome(), threads: 1)
        let rows = check.run()
        #expect(rows.count > 8)
        let failed = rows.filter { !$0.passed }
        #expect(failed.isEmpty, "\(runtime): \(failed)")
        if runtime == "onnxruntime" {  // an unknown operator is a refusal (unsupported_operator), named
            let refusal = rows.first { $0.rule == "refuses before running" }
            #expect(refusal?.detail.contains("No Op registered for Cxnv") == true, "\(refusal?.detail ?? "")")
        }
    }

    @Test(arguments: ["onnxruntime", "openvino"])
    func certifiesTheSuiteQualityGates(runtime: String) throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        let options = runtime == "onnxruntime" ? #"{"spin":false}"# : #"{"precision":"f32"}"#
        var mode = try rules.mode("quick")
        mode.audits = nil
        mode.energy = nil
        mode.sustained = nil
        let suite = try Self.smartHome()
        let record = try CertificationRun(
            suite: suite, mode: mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            configuration: RunConfiguration(backend: try Self.library(runtime), backendConfig: options),
            logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.count == suite.workloads.count)
        for workload in record.workloads {
            #expect(workload.backend?.name == runtime)
            #expect(workload.backendConfig == options, "the report records the options the backend ran with")
            #expect(workload.acceleratorBreakdown?.units.first?.unit == "cpu", "\(workload.id)")
            let accuracy = try #require(workload.accuracy, "\(workload.id)")
            #expect(accuracy.targetRatio >= 1, "\(runtime) \(workload.id): \(accuracy.gates)")
        }
    }

    /// The smartphone suite's LLM workload alone (prefill + decode, 512-token prompts, 32 greedy tokens).
    static func llmOnly() throws -> Suite {
        let phone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let llm = try #require(phone.workloads.first { $0.llm != nil }, "the smartphone suite has no llm workload")
        return Suite(
            id: phone.id, version: phone.version, title: phone.title, deviceClass: phone.deviceClass,
            clauses: phone.clauses,
            workloads: [llm], path: phone.path, sha256: phone.sha256)
    }

    @Test(arguments: ["onnxruntime", "openvino"])
    func generatesTheLLMWorkloadTokenForToken(runtime: String) throws {
        // The agent's generate loop (prefill, then decode with the KV cache the runtime returned fed
        // back at its concrete dims) through the runtime: every reference token must match (gate 1.0).
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        var mode = try rules.mode("quick")
        mode.audits = nil
        mode.energy = nil
        mode.sustained = nil
        mode.llm = LLMRules(minPrompts: 2, minDurationS: 0, maxDurationS: 600)
        let record = try CertificationRun(
            suite: try Self.llmOnly(), mode: mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            configuration: RunConfiguration(backend: try Self.library(runtime)), logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let workload = try #require(record.workloads.first)
        #expect(workload.backend?.name == runtime)
        let accuracy = try #require(workload.accuracy, "\(runtime): no token-match score")
        #expect(accuracy.gates.map(\.metric) == ["token-match"])
        #expect(accuracy.targetRatio >= 1, "\(runtime): \(accuracy.gates)")
        #expect((workload.generation?.timed.count ?? 0) >= 2, "the timed generations ran")
        #expect(workload.generation?.timed.allSatisfy { $0.tokens.count == 32 } == true)
    }

    @Test func theConfigReachesTheBackend() throws {
        let client = AgentClient(transport: try LocalDriver(agentPath: try AgentLocator.hostAgent()).connect())
        defer { client.bye() }
        _ = try client.hello()
        let model = try #require(try Self.smartHome().workloads.first).model
        let library = try Self.library("onnxruntime")
        do {
            _ = try client.loadModel(
                handle: "m", path: model.path, sha256: model.sha256, backend: library, accelerator: "cpu",
                threads: 1, config: #"{"providers":["NoSuchExecutionProvider"]}"#)
            Issue.record("a config naming an absent execution provider was accepted")
        } catch {
            #expect(error.message.contains("NoSuchExecutionProvider"), "\(error.message)")
        }
        do {
            _ = try client.loadModel(
                handle: "m", path: model.path, sha256: model.sha256, backend: library, accelerator: "cpu",
                threads: 1, config: #"{"spinn":false}"#)
            Issue.record("a config with a misspelt key was accepted")
        } catch {
            #expect(error.message.contains("spinn"), "\(error.message)")
        }
        let loaded = try client.loadModel(
            handle: "m", path: model.path, sha256: model.sha256, backend: try Self.library("onnxruntime"),
            accelerator: "cpu",
            threads: 1, config: #"{"providers":["CPUExecutionProvider"],"spin":false}"#)
        #expect(loaded.backend.name == "onnxruntime")
    }
}

/// float16, bool and a symbolic sequence length end to end: `.npy` files read by the agent, the
/// length bound from the samples, outputs back as float16 — through ONNX Runtime, which runs them.
@Suite(.serialized)
struct BridgeDtypeTests {
    /// y = Where(mask, x, 0) with x float16 [1, seq] and mask bool [1, seq]; seq is symbolic.
    static func model(in folder: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent("where_fp16.onnx")
        try python(
            """
            import onnx, sys
            from onnx import helper, TensorProto as T
            x = helper.make_tensor_value_info("x", T.FLOAT16, [1, "seq"])
            m = helper.make_tensor_value_info("mask", T.BOOL, [1, "seq"])
            y = helper.make_tensor_value_info("y", T.FLOAT16, [1, "seq"])
            zero = helper.make_tensor("zero", T.FLOAT16, [], [0.0])
            g = helper.make_graph([helper.make_node("Where", ["mask", "x", "zero"], ["y"], name="w0")], "g", [m, x], [y], [zero])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), sys.argv[1])
            """, path)
        return path
    }

    @Test func float16AndBoolSamplesRunAtTheirOwnLength() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-dtypes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let modelPath = try Self.model(in: folder)
        // two samples of length 5: x = 1, 2, ... (float16), mask alternating (bool)
        var x = Data()
        var mask = Data()
        for i in 0..<10 {
            withUnsafeBytes(of: Float16(Float(i + 1)).bitPattern.littleEndian) { x.append(contentsOf: $0) }
            mask.append(UInt8(i % 2))
        }
        let xPath = (folder as NSString).appendingPathComponent("x.npy")
        let maskPath = (folder as NSString).appendingPathComponent("mask.npy")
        try NpyWriter.encode(descr: "<f2", shape: [2, 1, 5], body: x).write(to: URL(fileURLWithPath: xPath))
        try NpyWriter.encode(descr: "|b1", shape: [2, 1, 5], body: mask).write(to: URL(fileURLWithPath: maskPath))
        let client = AgentClient(transport: try LocalDriver(agentPath: try AgentLocator.hostAgent()).connect())
        defer { client.bye() }
        _ = try client.hello()
        let loaded = try client.loadModel(
            handle: "m", path: modelPath, sha256: nil, backend: try BridgeBackendTests.library("onnxruntime"),
            accelerator: "cpu", threads: 1)
        #expect(loaded.inputs.map(\.dtype).sorted() == ["bool", "float16"])
        _ = try client.loadSamples(
            handle: "s", model: "m",
            inputs: ["x": FileReference(path: xPath, sha256: nil), "mask": FileReference(path: maskPath, sha256: nil)])
        let result = try client.run(RunRequest(model: "m", samples: "s", queries: [0, 1], outputs: .all), timeout: 60)
        let outputs = try #require(result.outputs)
        #expect(outputs[0].values["y"] == [0, 2, 0, 4, 0])
        #expect(outputs[1].values["y"] == [6, 0, 8, 0, 10])
        #expect(outputs[0].shapes?["y"] == [1, 5])
        #expect(outputs[0].dtypes?["y"] == "float16")
    }

    /// ya = bfloat16(2 × a), yb = int16(−b), yc = uint16(c + 2) with a bfloat16, b int16, c uint16, all
    /// [1, seq]: each dtype goes in as `.npy`, through the runtime, and comes back as itself.
    static func sixteenBitModel(in folder: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent("sixteen_bit.onnx")
        try python(
            """
            import onnx, sys
            from onnx import helper, TensorProto as T
            io = lambda n, t: helper.make_tensor_value_info(n, t, [1, "seq"])
            c = lambda x, y, t: helper.make_node("Cast", [x], [y], to=t)
            nodes = [c("a", "af", T.FLOAT), helper.make_node("Mul", ["af", "two"], ["am"]), c("am", "ya", T.BFLOAT16),
                     c("b", "bf", T.FLOAT), helper.make_node("Neg", ["bf"], ["bn"]), c("bn", "yb", T.INT16),
                     c("c", "cf", T.FLOAT), helper.make_node("Add", ["cf", "two"], ["cn"]), c("cn", "yc", T.UINT16)]
            two = helper.make_tensor("two", T.FLOAT, [], [2.0])
            g = helper.make_graph(nodes, "g", [io("a", T.BFLOAT16), io("b", T.INT16), io("c", T.UINT16)],
                                  [io("ya", T.BFLOAT16), io("yb", T.INT16), io("yc", T.UINT16)], [two])
            onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), sys.argv[1])
            """, path)
        return path
    }

    static func python(_ script: String, _ argument: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, argument]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BridgeBackendTests.BuildError(description: "python3 onnx could not write the model")
        }
    }

    static func append<T: FixedWidthInteger>(_ values: [T], to data: inout Data) {
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    }

    @Test(arguments: ["onnxruntime", "openvino"])
    func bfloat16Int16AndUint16SamplesRunThroughTheRuntime(runtime: String) throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-dtypes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let modelPath = try Self.sixteenBitModel(in: folder)
        // two samples of length 3; every value exact in its type. bfloat16 = the top half of a float32
        // (70144 needs the exponent range float16 lacks); 65533 is above Int16.max (unsigned read).
        let a: [Float] = [1.5, -3, 70144, 0.25, -0.5, 1024]
        var aData = Data()
        var bData = Data()
        var cData = Data()
        Self.append(a.map { UInt16($0.bitPattern >> 16) }, to: &aData)
        Self.append([Int16(1), -2, 30000, 0, -32767, 7], to: &bData)
        Self.append([UInt16(0), 1, 65533, 40000, 9, 12], to: &cData)
        var files: [String: FileReference] = [:]
        for (name, descr, body) in [("a", "<V2", aData), ("b", "<i2", bData), ("c", "<u2", cData)] {
            let path = (folder as NSString).appendingPathComponent("\(name).npy")
            try NpyWriter.encode(descr: descr, shape: [2, 1, 3], body: body).write(to: URL(fileURLWithPath: path))
            files[name] = FileReference(path: path, sha256: nil)
        }
        let client = AgentClient(transport: try LocalDriver(agentPath: try AgentLocator.hostAgent()).connect())
        defer { client.bye() }
        _ = try client.hello()
        let loaded = try client.loadModel(
            handle: "m", path: modelPath, sha256: nil, backend: try BridgeBackendTests.library(runtime),
            accelerator: "cpu", threads: 1)
        #expect(loaded.inputs.map(\.dtype) == ["bfloat16", "int16", "uint16"])
        #expect(loaded.outputs.map(\.dtype) == ["bfloat16", "int16", "uint16"])
        _ = try client.loadSamples(handle: "s", model: "m", inputs: files)
        let result = try client.run(RunRequest(model: "m", samples: "s", queries: [0, 1], outputs: .all), timeout: 60)
        let outputs = try #require(result.outputs)
        #expect(outputs[0].values["ya"] == [3, -6, 140_288])
        #expect(outputs[1].values["ya"] == [0.5, -1, 2048])
        #expect(outputs[0].values["yb"] == [-1, 2, -30000])
        #expect(outputs[1].values["yb"] == [0, 32767, -7])
        #expect(outputs[0].values["yc"] == [2, 3, 65535])
        #expect(outputs[1].values["yc"] == [40002, 11, 14])
        #expect(outputs[0].dtypes == ["ya": "bfloat16", "yb": "int16", "yc": "uint16"])
        #expect(outputs[1].shapes?["yc"] == [1, 3])
    }

    @Test func benchGeneratesSixteenBitInputsForTheRuntime() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-dtypes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bench = ModelBench(
            driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            backend: try BridgeBackendTests.library("onnxruntime"))
        let result = try bench.bench(
            modelPath: try Self.sixteenBitModel(in: folder), shapes: ["a": [1, 4], "b": [1, 4], "c": [1, 4]], queries: 5
        )
        #expect(Set(result.inputs.map(\.dtype)) == ["bfloat16", "int16", "uint16"])
        #expect(result.inputs.map(\.shape) == [[1, 4], [1, 4], [1, 4]])
    }

    @Test func benchGeneratesFloat16AndBoolInputsAndPrintsTheDimsItRan() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-dtypes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bench = ModelBench(
            driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            backend: try BridgeBackendTests.library("onnxruntime"))
        let result = try bench.bench(
            modelPath: try Self.model(in: folder), shapes: ["x": [1, 7], "mask": [1, 7]], queries: 5)
        #expect(result.inputs.map(\.shape) == [[1, 7], [1, 7]])
        #expect(Set(result.inputs.map(\.dtype)) == ["float16", "bool"])
    }
}
