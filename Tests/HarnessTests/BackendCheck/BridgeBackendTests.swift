import Foundation
import Logging
import Testing

@testable import Harness
import TestSupport

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
            return .failure(BuildError(description: "Tools/backends/pybridge/build.sh failed (run Tools/bootstrap.sh): \(message)"))
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
    }

    @Test(arguments: ["onnxruntime", "openvino"])
    func certifiesTheSuiteQualityGates(runtime: String) throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        var mode = try rules.mode("quick")
        mode.audits = nil
        mode.energy = nil
        mode.sustained = nil
        let suite = try Self.smartHome()
        let record = try CertificationRun(
            suite: suite, mode: mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            backend: try Self.library(runtime), logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.count == suite.workloads.count)
        for workload in record.workloads {
            #expect(workload.backend?.name == runtime)
            #expect(workload.acceleratorBreakdown?.units.first?.unit == "cpu", "\(workload.id)")
            let accuracy = try #require(workload.accuracy, "\(workload.id)")
            #expect(accuracy.targetRatio >= 1, "\(runtime) \(workload.id): \(accuracy.gates)")
        }
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
        let loaded = try client.loadModel(
            handle: "m", path: model.path, sha256: model.sha256, backend: try Self.library("onnxruntime"), accelerator: "cpu",
            threads: 1, config: #"{"providers":["CPUExecutionProvider"],"spin":false}"#)
        #expect(loaded.backend.name == "onnxruntime")
    }
}
