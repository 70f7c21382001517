import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The adb driver against the scripted stand-in in Tests/Fixtures/adb (a "phone" that is this
/// machine, running the host agent).
struct AdbDriverTests {
    struct Setup {
        let folder: TemporaryFolder
        let log: String
        let environment: [String: String]

        init(serial: String = "standin-1") throws {
            folder = try TemporaryFolder()
            log = (folder.path as NSString).appendingPathComponent("adb.log")
            let device = (folder.path as NSString).appendingPathComponent("device")
            try FileManager.default.createDirectory(atPath: device, withIntermediateDirectories: true)
            environment = DriverFixtures.environment([
                "AITC_ADB": DriverFixtures.fixture("adb/adb"), "AITC_ADB_LOG": log, "AITC_ADB_SERIAL": serial,
                "AITC_ADB_AGENT": try AgentLocator.hostAgent(), "AITC_ADB_DEVICE_DIR": device,
            ])
        }

        var calls: [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test func identityComesFromPropertiesAndTheBattery() throws {
        let setup = try Setup()
        let driver = try AdbDriver.prepare(serial: "standin-1", root: ProjectRoot.path, environment: setup.environment)
        let identity = driver.identity()
        #expect(identity.transport == "adb" && !identity.emulated)
        #expect(identity.manufacturer == "Aitc Labs")
        #expect(identity.model == "Stand-in Phone 1")
        #expect(identity.osBuild == "aitc/standin/standin:14/UP1A.231005.007/42:user/release-keys")
        #expect(identity.soc == "kalama", "ro.soc.model is empty: ro.board.platform is the fallback")
        #expect(identity.serial == "standin-1")
        #expect(identity.securityPatch == "2024-05-01")
        #expect(identity.architecture == "arm64-v8a")
        let battery = try #require(identity.battery)
        #expect(abs(battery.watts - 0.412 * 3.987) < 1e-9)
        #expect(!battery.charging)
    }

    /// The agent on the phone dies mid-run: the run reconnects over adb, the new session starts in
    /// an emptied folder and pushes the agent and the workload files again, and the interrupted
    /// workload is re-run from its start.
    @Test func aLostSessionIsResumedWithTheAgentAndFilesPushedAgain() throws {
        let setup = try Setup()
        let driver = try AdbDriver.prepare(serial: "standin-1", root: ProjectRoot.path, environment: setup.environment)
        let (record, suite, killer) = try AgentKiller.runKilledOnce(driver, deviceFolder: driver.deviceFolder)
        #expect(killer.victim != nil, "the agent was found and killed")
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.map(\.id) == suite.workloads.map(\.id))
        #expect(record.outages.first?.outcome == "re-run from its start")
        let calls = setup.calls
        #expect(
            calls.filter { $0.contains("push") && $0.hasSuffix("/aitc-agent") }.count == 2, "the agent is pushed again")
        let secondModel = ((suite.workloads.last?.model.path ?? "") as NSString).lastPathComponent
        #expect(
            calls.filter { $0.contains(" push ") && $0.hasSuffix(secondModel) }.count == 2,
            "the interrupted workload's model is pushed again")
        #expect(!FileManager.default.fileExists(atPath: driver.deviceFolder), "the device folder is removed")
    }

    @Test func digitsRunOverAdbPushesForwardsAndCleansUp() throws {
        let setup = try Setup()
        let driver = try AdbDriver.prepare(serial: "standin-1", root: ProjectRoot.path, environment: setup.environment)
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick, driver: driver,
            logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        for workload in record.workloads {
            #expect((workload.accuracy?.gates.first?.value ?? 0) >= 0.97)
        }
        let calls = setup.calls
        #expect(calls.contains { $0.contains("push") && $0.hasSuffix("/aitc-agent") })
        #expect(calls.contains { $0.contains("push") && $0.contains("/assets/") && $0.hasSuffix(".onnx") })
        #expect(calls.contains { $0.contains("forward tcp:") && !$0.contains("--remove") })
        #expect(calls.contains { $0.contains("--listen 127.0.0.1:") && $0.contains("--token-file") })
        #expect(calls.contains { $0.contains("forward --remove") })
        #expect(calls.contains { $0.contains("rm -rf \(driver.deviceFolder)") })
        #expect(!FileManager.default.fileExists(atPath: driver.deviceFolder), "the device folder is removed")
        // Each asset is pushed once, even when two workloads share it.
        let pushes = calls.filter { $0.contains(" push ") && $0.contains("/assets/") }
        #expect(Set(pushes).count == pushes.count)
    }
}
