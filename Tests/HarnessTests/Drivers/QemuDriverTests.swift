import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The agent cross-built for aarch64 under qemu-user gives the same digits outputs as the native
/// agent (the reference backend's portable path vs the host build). Numbers are compared with the
/// host agent on its float kernels (`AITC_REF_NO_INT8=1`), the arithmetic the portable build does for
/// int8 models too; on a CPU with AVX-512 VNNI the default host agent runs int8 convolutions on
/// integers, which may round a tie one quantization step the other way (held to one step against
/// onnxruntime by Tools/refcheck), so against it the accuracy must be equal.
@Suite(.enabled(if: DriverFixtures.qemuAvailable, "needs Tools/cross/setup.sh (cross gcc, json-c:arm64, qemu-user)"))
struct QemuDriverTests {
    static func outputs(_ driver: any DeviceDriver, workload: Workload) throws -> [[Double?]] {
        let client = AgentClient(transport: try driver.connect())
        defer { client.bye() }
        _ = try client.hello()
        let model = try client.loadModel(
            handle: "m", path: try driver.stage(workload.model), sha256: workload.model.sha256, backend: "reference",
            accelerator: "cpu", threads: 1)
        var inputs: [String: FileReference] = [:]
        for (name, file) in workload.inputs {
            inputs[name] = FileReference(path: try driver.stage(file), sha256: file.sha256)
        }
        let samples = try client.loadSamples(handle: "s", model: "m", inputs: inputs)
        let loaded = LoadedWorkload(
            workload: workload, model: model, modelHandle: "m", samplesHandle: "s", sampleCount: samples.count)
        return try AccuracyRun().outputs(loaded, client: client)
    }

    @Test func aarch64OutputsMatchTheNativeAgent() throws {
        let arch = try #require(QemuArchitecture.named("aarch64"))
        let qemu = try QemuDriver.prepare(arch, root: ProjectRoot.path)
        #expect(qemu.emulated)
        #expect(qemu.identity().emulator?.contains("qemu-aarch64") == true)
        let host = try AgentLocator.hostAgent()
        let native = LocalDriver(agentPath: host)
        let nativeFloat = LocalDriver(agentPath: "/usr/bin/env", arguments: ["AITC_REF_NO_INT8=1", host])
        for workload in try DriverFixtures.digitsSuite().workloads {
            let emulated = try Self.outputs(qemu, workload: workload)
            let reference = try Self.outputs(nativeFloat, workload: workload)
            #expect(emulated.count == reference.count)
            var worst = 0.0
            for (a, b) in zip(emulated, reference) {
                #expect(a.count == b.count)
                for (x, y) in zip(a, b) {
                    guard let x, let y else {
                        Issue.record("NaN output")
                        continue
                    }
                    worst = max(worst, abs(x - y) / max(abs(y), 1e-3))
                }
            }
            #expect(worst <= 1e-4, "\(workload.id): worst relative difference \(worst)")
            let scoredQemu = try AccuracyRun.score(emulated, workload: workload)
            let scoredNative = try AccuracyRun.score(try Self.outputs(native, workload: workload), workload: workload)
            #expect(
                scoredQemu.gates.map(\.value) == scoredNative.gates.map(\.value),
                "\(workload.id): accuracy must be equal")
        }
    }

    /// The shipped `quick-emulated` rules under real qemu-user: quality, and QUA-02 from the audits
    /// that judge outputs and accelerators (no timing audit); latency and energy not applicable.
    @Test func anEmulatedRunIsJudgedOnQualityAndTheOutputAudits() throws {
        let arch = try #require(QemuArchitecture.named("aarch64"))
        let qemu = try QemuDriver.prepare(arch, root: ProjectRoot.path)
        let mode = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("quick-emulated")
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: mode, driver: qemu, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        for workload in record.workloads {
            let kinds = Set(workload.audits.map(\.kind))
            #expect(
                kinds == [.outputsMatch, .novelOutputs, .acceleratorClaim, .acceleratorStable],
                "\(workload.id): \(kinds)")
            for audit in workload.audits {
                #expect(audit.passed, "\(workload.id) \(audit.kind.rawValue): \(audit.inconclusive ?? audit.evidence)")
            }
        }
        let report = try TestReports.build(record)
        let qua02 = report.verdicts.filter { $0.clauseID == "QUA-02" }
        #expect(!qua02.isEmpty && qua02.allSatisfy { $0.verdict == .pass }, "\(qua02)")
        #expect(
            report.verdicts.filter { $0.clauseID.hasPrefix("LAT") || $0.clauseID.hasPrefix("ENG") }.allSatisfy {
                $0.verdict == .notApplicable
            })
    }
}
