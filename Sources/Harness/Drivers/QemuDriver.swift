import ChildProcesses
import Foundation

/// The agent cross-built for another CPU architecture and run under qemu-user on this machine.
///
/// qemu-user translates the agent's instructions and passes its system calls to the host kernel,
/// so files are read in place (no staging) and the agent's clock is the host's: timings measure
/// the emulator on this CPU, not the target SoC — the device is marked emulated.
public struct QemuDriver: SubprocessDriver {
    /// `qemu:ARCH`.
    public let spec: DeviceSpec
    /// True: figures from an emulator certify nothing about the target SoC.
    public let emulated = true
    /// The emulated CPU architecture.
    public let architecture: QemuArchitecture
    /// The cross-built agent.
    public let agentPath: String
    /// The qemu-user program.
    public let emulatorPath: String
    /// `qemu-… --version`, first line.
    public let emulatorVersion: String?

    /// A driver running the cross-built agent at `agentPath` under the emulator at `emulatorPath`.
    public init(architecture: QemuArchitecture, agentPath: String, emulatorPath: String) {
        self.architecture = architecture
        self.agentPath = agentPath
        self.emulatorPath = emulatorPath
        self.spec = .qemu(arch: architecture.name)
        let version = try? HostCommand(executable: emulatorPath).run(["--version"], timeout: 10).stdout
        emulatorVersion = version?.split(separator: "\n").first.map(String.init)
    }

    /// Builds (or reuses) the agent for `architecture` with `Tools/cross/build-agent.sh` under
    /// `root` (installing the cross toolchain and qemu-user on first use), or takes
    /// `AITC_QEMU_AGENT` when set, and finds the emulator.
    public static func prepare(
        _ architecture: QemuArchitecture, root: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentError) -> QemuDriver {
        let agent: String
        if let given = environment["AITC_QEMU_AGENT"], !given.isEmpty {
            agent = given
        } else {
            guard let root else {
                throw AgentError(
                    .unreachable,
                    "qemu:\(architecture.name): cannot find the checkout (Tools/cross) to build the agent; set AITC_QEMU_AGENT"
                )
            }
            let script = (root as NSString).appendingPathComponent("Tools/cross/build-agent.sh")
            let output = try HostCommand(executable: "/bin/bash").run([script, architecture.name], timeout: 1800)
            agent = output.stdout.split(separator: "\n").last.map(String.init) ?? ""
        }
        guard FileManager.default.isExecutableFile(atPath: agent) else {
            throw AgentError(.unreachable, "qemu:\(architecture.name): no agent at '\(agent)'")
        }
        var emulator = findEmulator(architecture)
        if emulator == nil, let root {
            let setup = (root as NSString).appendingPathComponent("Tools/cross/setup.sh")
            try HostCommand(executable: "/bin/bash").run([setup, architecture.name], timeout: 1800)
            emulator = findEmulator(architecture)
        }
        guard let emulator else {
            throw AgentError(
                .unreachable, "\(architecture.emulator) not found: install qemu-user (Tools/cross/setup.sh)")
        }
        return QemuDriver(architecture: architecture, agentPath: agent, emulatorPath: emulator)
    }

    /// `qemu-ARCH` or `qemu-ARCH-static` from PATH.
    static func findEmulator(_ architecture: QemuArchitecture) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"]
        return [architecture.emulator, architecture.emulator + "-static"].lazy
            .compactMap { ProgramLookup.find($0, path: path) }.first
    }

    /// The emulator and the cross-built agent.
    public var agentCommand: [String] { [emulatorPath, agentPath] }

    /// Starts the agent under the emulator and talks to it over its stdin and stdout.
    public func connect() throws(AgentError) -> any AgentTransport {
        try ProcessTransport(executable: emulatorPath, arguments: [agentPath])
    }

    /// The file's own path: the emulated agent reads this machine's files in place.
    public func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }

    /// The emulator, its version, the architecture and the agent binary's digest, marked emulated.
    public func identity() -> DriverIdentity {
        DriverIdentity(
            spec: spec.description, transport: "qemu-user", emulated: true, emulator: emulatorVersion,
            architecture: architecture.name, agentBinary: agentPath, agentSHA256: FileDigest.sha256(file: agentPath))
    }
}
