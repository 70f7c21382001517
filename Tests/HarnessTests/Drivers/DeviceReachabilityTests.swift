import Attestation
import Certification
import ChildProcesses
import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Every device is reached before anything runs — connected, logged in or authenticated, its agent
/// started and answering — with the real tools: Debian's sshd on loopback, Debian's adb with no
/// phone, qemu-user. A device that fails is one set-up sentence (exit 64) and nothing is written.
@Suite("Certifier: every device is reached before the run")
struct DeviceReachabilityTests {
    /// The set-up error of a certification of the digits suite on `device`, whose driver
    /// `makeDriver` builds; nil when every check passed.
    static func setupError(
        _ device: DeviceSpec, folder: TemporaryFolder,
        makeDriver: @escaping @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver
    ) throws -> CertificationError? {
        let key = (folder.path as NSString).appendingPathComponent("lab")
        if !FileManager.default.fileExists(atPath: key + ".key") { _ = try KeyFiles.generate(prefix: key) }
        let request = CertificationRequest(
            suite: try DigitsSuiteFile.write(in: folder), devices: [device], keyPath: key + ".key",
            outDirectory: (folder.path as NSString).appendingPathComponent("reports"),
            standardsPaths: [ProjectRoot.layout.standardsDirectory], suitesDirectory: ProjectRoot.layout.suitesDirectory
        )
        do {
            _ = try Certifier(request: request, logger: Logger(label: "test"), makeDriver: makeDriver).prepare()
            return nil
        } catch {
            return error
        }
    }

    /// The host agent marked as an aarch64 program (ELF `e_machine` 183): what a device of another
    /// architecture is given by mistake. The kernel refuses to execute it ("Exec format error").
    static func foreignAgent(in folder: TemporaryFolder) throws -> String {
        var agent = try Data(contentsOf: URL(fileURLWithPath: try AgentLocator.hostAgent()))
        agent[18] = 183
        agent[19] = 0
        let path = try folder.write("aarch64-agent", data: agent)
        chmod(path, 0o755)
        return path
    }

    static func expectOneSetupLine(_ error: CertificationError?, prefix: String, folder: TemporaryFolder) {
        #expect(error?.code == .setup)
        #expect(error?.exitStatus == 64)
        #expect(error?.message.hasPrefix(prefix) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("\n") == false, "one line: \(error?.message ?? "")")
        #expect(error?.message.contains("AgentError") == false)
        #expect(!FileManager.default.fileExists(atPath: (folder.path as NSString).appendingPathComponent("reports")))
    }

    @Test(.enabled(if: LoopbackSSHServer.available, "needs Debian's openssh-server (Tools/bootstrap.sh) and root"))
    func sshDevices() throws {
        let server = try LoopbackSSHServer()
        let folder = try TemporaryFolder()
        let device = try TemporaryFolder()
        let spec = try DeviceSpec(parsing: "ssh://\(server.destination)")
        let destination = try SSHDestination.parse(server.destination)
        func driver(agent: String) -> @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver {
            let environment = DriverFixtures.environment(["AITC_SSH_AGENT": agent, "AITC_SSH_DEVICE_DIR": device.path])
            return { _ throws(AgentError) in
                try SSHDriver.prepare(destination: destination, root: ProjectRoot.path, environment: environment)
            }
        }
        // The real agent: reached, and nothing left on the device.
        #expect(
            try Self.setupError(spec, folder: folder, makeDriver: driver(agent: try AgentLocator.hostAgent())) == nil)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: device.path).isEmpty, "the check's session cleaned up")
        // Logged in, but the agent copied there does not run: refused before the run, cleaned up.
        let foreign = try Self.foreignAgent(in: folder)
        let notRunning = try Self.setupError(spec, folder: folder, makeDriver: driver(agent: foreign))
        Self.expectOneSetupLine(
            notRunning, prefix: "device \(spec) is not reachable: its agent did not answer: ", folder: folder)
        if !FileManager.default.fileExists(atPath: "/proc/sys/fs/binfmt_misc/qemu-aarch64") {
            #expect(
                notRunning?.message.contains("xec format error") == true,
                "the device's own words: \(notRunning?.message ?? "")")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: device.path).isEmpty)
        // A login the server refuses (a key it does not know).
        let stranger = (server.folder.path as NSString).appendingPathComponent("stranger")
        _ = try Command("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]).run(timeout: 30)
        let refused = try SSHDestination.parse(
            "root@127.0.0.1:\(server.port)?identity=\(stranger)&known_hosts=\(server.knownHosts)")
        let refusedEnvironment = DriverFixtures.environment([
            "AITC_SSH_AGENT": try AgentLocator.hostAgent(), "AITC_SSH_DEVICE_DIR": device.path,
        ])
        Self.expectOneSetupLine(
            try Self.setupError(spec, folder: folder) { _ throws(AgentError) in
                try SSHDriver.prepare(destination: refused, root: ProjectRoot.path, environment: refusedEnvironment)
            }, prefix: "device \(spec) cannot be used: ", folder: folder)
        // Nobody listening.
        let closed = try SSHDestination.parse("root@127.0.0.1:\(try FreePort.find())?identity=\(server.clientKey)")
        Self.expectOneSetupLine(
            try Self.setupError(spec, folder: folder) { _ throws(AgentError) in
                try SSHDriver.prepare(destination: closed, root: ProjectRoot.path, environment: refusedEnvironment)
            }, prefix: "device \(spec) cannot be used: ", folder: folder)
    }

    @Test(.enabled(if: DriverFixtures.adb != nil, "needs Debian's adb (Tools/bootstrap.sh)"))
    func adbWithNoPhone() throws {
        let server = try RealAdbTests.PrivateServer()
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let spec = DeviceSpec.adb(serial: "aitc-no-such-phone")
        let error = try Self.setupError(spec, folder: folder) { _ throws(AgentError) in
            try AdbDriver.prepare(serial: "aitc-no-such-phone", root: ProjectRoot.path, environment: server.environment)
        }
        Self.expectOneSetupLine(error, prefix: "device adb:aitc-no-such-phone cannot be used: ", folder: folder)
        #expect(error?.message.contains("adb does not list this device") == true)
    }

    @Test(.enabled(if: DriverFixtures.qemuAvailable, "needs Tools/cross/setup.sh (cross gcc, json-c:arm64, qemu-user)"))
    func qemuDevices() throws {
        let folder = try TemporaryFolder()
        let arch = try #require(QemuArchitecture.named("aarch64"))
        let spec = DeviceSpec.qemu(arch: "aarch64")
        // The cross-built agent runs under qemu-aarch64 and answers.
        let cross = try QemuDriver.prepare(arch, root: ProjectRoot.path)
        #expect(try Self.setupError(spec, folder: folder) { _ throws(AgentError) in cross } == nil)
        // The host's x86-64 agent is no aarch64 program: qemu refuses it, before the run.
        let wrong = try QemuDriver.prepare(
            arch, root: ProjectRoot.path,
            environment: DriverFixtures.environment(["AITC_QEMU_AGENT": try AgentLocator.hostAgent()]))
        let error = try Self.setupError(spec, folder: folder) { _ throws(AgentError) in wrong }
        Self.expectOneSetupLine(
            error, prefix: "device qemu:aarch64 is not reachable: its agent did not answer: ", folder: folder)
        #expect(error?.message.contains("ELF") == true, "qemu's own words: \(error?.message ?? "")")
    }
}
