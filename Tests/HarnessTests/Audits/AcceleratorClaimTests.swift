import Foundation
import Testing

@testable import Harness

/// The accelerator a backend claims is held against the units the device lists: a unit it lacks
/// fails, one it has passes as unverified; `npu:<name>` (the backend header's form) is one unit.
struct AcceleratorClaimTests {
    static func device(_ accelerators: [String]) throws -> DeviceInfo {
        let list = accelerators.map { "\"\($0)\"" }.joined(separator: ", ")
        let json = """
            {"manufacturer": "m", "model": "m", "os": "linux", "os_version": "1", "os_build": "1", "kernel": "6",
             "arch": "x86_64", "cpu": "c", "cores": 2, "memory_bytes": 1024, "accelerators": [\(list)], "hostname": "h"}
            """
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(DeviceInfo.self, from: Data(json.utf8))
    }

    @Test func aClaimedUnitTheDeviceLacksFails() throws {
        let audit = AcceleratorClaim.audit(actual: "npu", device: try Self.device(["cpu", "gpu:i915"]))
        #expect(!audit.passed)
        #expect(audit.evidence.contains("exposes no such unit"))
    }

    @Test func aClaimedUnitTheDeviceHasIsUnverifiedNotFailed() throws {
        let audit = AcceleratorClaim.audit(actual: "npu:apu", device: try Self.device(["cpu", "npu:intel_vpu"]))
        #expect(audit.passed)
        #expect(audit.evidence.hasPrefix("unverified:"))
    }

    @Test func aBreakdownShareIsAClaimEvenWhenTheNamedUnitIsTheCPU() throws {
        let split = AcceleratorBreakdown(
            basis: "nodes", changes: 0, units: [.init(unit: "cpu", fraction: 0.1), .init(unit: "npu", fraction: 0.9)])
        let audit = AcceleratorClaim.audit(actual: "cpu", breakdown: split, device: try Self.device(["cpu"]))
        #expect(!audit.passed, "\(audit.evidence)")
        #expect(audit.evidence.contains("npu"))
        let cpuOnly = AcceleratorBreakdown(
            basis: "nodes", changes: 0, units: [.init(unit: "cpu", fraction: 1), .init(unit: "npu", fraction: 0)])
        #expect(
            AcceleratorClaim.audit(actual: "cpu", breakdown: cpuOnly, device: try Self.device(["cpu"])).passed,
            "a zero share claims nothing")
    }

    @Test func theCPUNeedsNoCheck() throws {
        #expect(AcceleratorClaim.audit(actual: "cpu", device: try Self.device(["cpu"])).passed)
    }

    @Test func npuRequestedAndNpuColonNameReportedIsOneStableUnit() {
        func result(_ accelerator: String) -> ScenarioResult {
            ScenarioResult(
                scenario: .singleStream, queries: 1, samples: 1, durationS: 1, beginNs: 0, endNs: 1, activeDurationS: 1,
                runRequests: 1,
                latency: nil, earlyStopping: nil, throughputSps: nil, seed: 0, valid: true, validityNotes: [],
                accelerator: accelerator,
                acceleratorChanges: 0)
        }
        #expect(AuditRun.acceleratorStable([result("npu:apu"), result("npu:apu")]).passed)
        #expect(!AuditRun.acceleratorStable([result("npu:apu"), result("cpu")]).passed)
    }
}
