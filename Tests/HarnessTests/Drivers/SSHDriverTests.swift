import Foundation
import Logging
import Testing

@testable import Harness
import TestSupport

/// The ssh driver against the stand-ins in Tests/Fixtures/ssh (an "appliance" that is this machine).
struct SSHDriverTests {
    @Test func digitsRunOverSSHCopiesRunsAndTearsDown() throws {
        let folder = try TemporaryFolder()
        let log = (folder.path as NSString).appendingPathComponent("ssh.log")
        let environment = DriverFixtures.environment([
            "AITC_SSH": DriverFixtures.fixture("ssh/ssh"), "AITC_SCP": DriverFixtures.fixture("ssh/scp"),
            "AITC_SSH_LOG": log, "AITC_SSH_AGENT": try AgentLocator.hostAgent(), "AITC_SSH_DEVICE_DIR": folder.path,
        ])
        let destination = try #require(SSHDestination("tester@appliance:2222"))
        let driver = try SSHDriver.prepare(destination: destination, root: ProjectRoot.path, environment: environment)
        #expect(driver.spec == .ssh(destination: "tester@appliance:2222"))
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick, driver: driver, logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.count == 2)
        let calls = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(calls.contains { $0.hasPrefix("scp") && $0.contains("-P 2222") && $0.hasSuffix("/aitc-agent") })
        #expect(calls.contains { $0.hasPrefix("ssh") && $0.contains("-p 2222") && $0.contains("aitc-agent --scratch") })
        #expect(calls.contains { $0.hasPrefix("ssh") && $0.contains("rm -rf \(driver.deviceFolder)") })
        #expect(!FileManager.default.fileExists(atPath: driver.deviceFolder), "the copied agent and files are removed")
        let identity = driver.identity()
        #expect(identity.transport == "ssh" && identity.architecture == driver.machine)
    }

    @Test func unreachableApplianceFailsBeforeTheRun() throws {
        let environment = DriverFixtures.environment(["AITC_SSH": "/bin/false", "AITC_SCP": "/bin/false"])
        let destination = try #require(SSHDestination("tester@appliance"))
        #expect(throws: AgentError.self) {
            try SSHDriver.prepare(destination: destination, root: ProjectRoot.path, environment: environment)
        }
    }
}
