import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

#if canImport(Glibc)
import Glibc
#endif

/// The ssh driver against Debian's real OpenSSH server on loopback (`LoopbackSSHServer`): an
/// "appliance" that is this machine, reached with the real ssh and scp.
@Suite(.enabled(if: LoopbackSSHServer.available, "needs Debian's openssh-server (Tools/bootstrap.sh) and root"))
struct SSHDriverTests {
    /// The harness's environment with the host agent as the appliance's agent and a device folder
    /// the test can inspect.
    static func environment(_ folder: TemporaryFolder, _ extra: [String: String] = [:]) throws -> [String: String] {
        DriverFixtures.environment(
            ["AITC_SSH_AGENT": try AgentLocator.hostAgent(), "AITC_SSH_DEVICE_DIR": folder.path].merging(extra) { $1 })
    }

    @Test func aQuickCertificationCompletesAgainstARealSSHServerAndRecordsTheHostKey() throws {
        let server = try LoopbackSSHServer()
        let device = try TemporaryFolder()
        guard case .ssh(let text) = try DeviceSpec(parsing: "ssh://\(server.destination)") else {
            Issue.record("not an ssh spec")
            return
        }
        let destination = try SSHDestination.parse(text)
        #expect(destination.identityFile == server.clientKey && destination.knownHostsFile == server.knownHosts)
        let driver = try SSHDriver.prepare(
            destination: destination, root: ProjectRoot.path, environment: try Self.environment(device))
        #expect(
            driver.spec == .ssh(destination: "root@127.0.0.1:\(server.port)"), "no local file path in the report's spec"
        )
        let started = Date()
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick, driver: driver,
            logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.count == 2)
        #expect(
            Date().timeIntervalSince(started) < 300,
            "the run ends: ssh's exit is seen though it closes inherited descriptors")
        #expect(!FileManager.default.fileExists(atPath: driver.deviceFolder), "the copied agent and files are removed")
        let identity = driver.identity()
        #expect(identity.transport == "ssh" && identity.architecture == driver.machine)
        #expect(identity.hostKey == "ssh-ed25519 \(server.hostKeyFingerprint)", "\(identity.hostKey ?? "no host key")")
    }

    /// The agent on the appliance dies mid-run (its session is lost): the run reconnects, the new
    /// session starts in an emptied folder and copies the agent and the workload files again, and
    /// the interrupted workload is re-run from its start. Before, the files were believed staged and
    /// the re-run's load failed on the emptied folder.
    @Test func aLostSessionIsResumedOnANewSessionThatCopiesTheAgentAndFilesAgain() throws {
        let server = try LoopbackSSHServer()
        let device = try TemporaryFolder()
        let driver = try SSHDriver.prepare(
            destination: try SSHDestination.parse(server.destination), root: ProjectRoot.path,
            environment: try Self.environment(device))
        let (record, suite, killer) = try AgentKiller.runKilledOnce(driver, deviceFolder: driver.deviceFolder)
        let second = suite.workloads.last?.id
        #expect(killer.victim != nil, "the agent was found and killed")
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.workloads.map(\.id) == suite.workloads.map(\.id), "each workload once")
        #expect(record.outages.count == 1)
        #expect(record.outages.first?.workload == second && record.outages.first?.outcome == "re-run from its start")
        #expect(record.workloads.allSatisfy { ($0.accuracy?.gates.first?.value ?? 0) >= 0.97 })
        #expect(!FileManager.default.fileExists(atPath: driver.deviceFolder), "the copied agent and files are removed")
    }

    @Test func aVendorLibraryOnTheHarnessIsCopiedToTheDeviceAndLoadedThereByItsDigest() throws {
        // The agent loads a vendor library only from the staged files and only with the digest the
        // harness sends: the library named on the harness must reach the device with the workloads.
        let library = try ReferenceFixture.disguisedReference.get()
        let server = try LoopbackSSHServer()
        let device = try TemporaryFolder()
        let destination = try SSHDestination.parse(server.destination)
        let driver = try SSHDriver.prepare(
            destination: destination, root: ProjectRoot.path, environment: try Self.environment(device))
        let record = try CertificationRun(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick, driver: driver, backend: library,
            logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let digest = try #require(FileDigest.sha256(file: library))
        for workload in record.workloads {
            let loaded = try #require(workload.backend?.library, "\(workload.id): no library recorded")
            #expect(loaded.sha256 == digest)
            #expect(loaded.path != library, "loaded from the copy on the device, not from the harness path")
        }
    }

    @Test func aChangedHostKeyIsRefusedBeforeAnythingRunsWhateverTheLabConfigSays() throws {
        let server = try LoopbackSSHServer()
        let device = try TemporaryFolder()
        try server.swapHostKey()
        // A lab config that would accept any key: the driver's command-line options win over it.
        let lax = try server.folder.write(
            "lax_config", "Host *\n    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n")
        let wrapper = try server.folder.write("ssh-with-lab-config", "#!/bin/sh\nexec ssh -F \(lax) \"$@\"\n")
        chmod(wrapper, 0o755)
        for extra in [[:], ["AITC_SSH": wrapper]] {
            let destination = try SSHDestination.parse(server.destination)
            let environment = try Self.environment(device, extra)
            var caught: AgentError?
            do {
                _ = try SSHDriver.prepare(destination: destination, root: ProjectRoot.path, environment: environment)
            } catch { caught = error }
            let message = caught?.message ?? "accepted"
            #expect(
                message.contains(
                    "host key (ssh-ed25519 \(server.hostKeyFingerprint)) is not the one \(server.knownHosts) holds"),
                "\(message)")
            #expect(message.contains("refused before anything ran"))
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: device.path).isEmpty, "nothing was copied to the device"
        )
    }

    @Test func anUnknownHostKeyIsRefused() throws {
        let server = try LoopbackSSHServer()
        let device = try TemporaryFolder()
        let empty = try server.folder.write("empty_known_hosts", "")
        let destination = try SSHDestination.parse(
            "root@127.0.0.1:\(server.port)?identity=\(server.clientKey)&known_hosts=\(empty)")
        #expect {
            _ = try SSHDriver.prepare(
                destination: destination, root: ProjectRoot.path, environment: try Self.environment(device))
        } throws: { error in
            let message = (error as? AgentError)?.message ?? ""
            return message.contains("is not in \(empty)") && message.contains(server.hostKeyFingerprint)
        }
    }

    @Test func aClosedPortFailsWithinTheConnectBound() throws {
        let device = try TemporaryFolder()
        let port = try FreePort.find()
        let destination = try SSHDestination.parse("root@127.0.0.1:\(port)")
        let started = Date()
        #expect {
            _ = try SSHDriver.prepare(
                destination: destination, root: ProjectRoot.path, environment: try Self.environment(device))
        } throws: { error in
            ((error as? AgentError)?.message ?? "").contains("Connection refused")
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
