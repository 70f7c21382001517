import Foundation

/// A Linux appliance over ssh: copies a static agent into a private folder with scp, runs it with
/// ssh's stdin/stdout as the channel, and removes the folder at the end.
///
/// Programs: `AITC_SSH` / `AITC_SCP` or `ssh` / `scp` (key-based login: BatchMode, no prompts).
/// The folder's parent is `AITC_SSH_DEVICE_DIR` or `/tmp`; `AITC_SSH_AGENT` replaces the agent build.
public struct SSHDriver: DeviceDriver {
    public let spec: DeviceSpec
    public let emulated = false
    public let destination: SSHDestination
    public let agentPath: String
    /// `uname -m` of the appliance.
    public let machine: String
    /// The device folder this session owns.
    public let deviceFolder: String
    let ssh: HostCommand
    let scp: HostCommand
    private let staged = StagedFiles()

    /// Options for every ssh call: no prompts, bounded connect, a dead link noticed in about 10 s.
    static let sshOptions = [
        "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=2",
    ]

    /// Asks the appliance its architecture and finds (or builds) the agent for it.
    /// `environment` supplies the `AITC_SSH*` settings and is passed to ssh and scp.
    public static func prepare(
        destination: SSHDestination, root: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentError) -> SSHDriver {
        let ssh = HostCommand(executable: environment["AITC_SSH"].flatMap { $0.isEmpty ? nil : $0 } ?? "ssh", environment: environment)
        let scp = HostCommand(executable: environment["AITC_SCP"].flatMap { $0.isEmpty ? nil : $0 } ?? "scp", environment: environment)
        let machine = try ssh.run(sshArguments(destination, "uname -m"), timeout: 30).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let agent: String
        if let given = environment["AITC_SSH_AGENT"], !given.isEmpty {
            agent = given
        } else {
            let arch: String
            switch machine {
            case "aarch64", "arm64": arch = "aarch64"
            case "armv7l", "armv7", "armv8l": arch = "armhf"
            case "x86_64": arch = "x86_64"
            default:
                throw AgentError(.unreachable, "ssh://\(destination.target): no agent build for \(machine) (supported: aarch64, armv7l, x86_64); set AITC_SSH_AGENT")
            }
            agent = try CrossBuild.staticAgent(arch: arch, root: root)
        }
        let parent = environment["AITC_SSH_DEVICE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var text = destination.target
        if let port = destination.port { text += ":\(port)" }
        return SSHDriver(
            spec: .ssh(destination: text), destination: destination, agentPath: agent, machine: machine,
            deviceFolder: "\(parent)/aitc-\(UUID().uuidString.prefix(8).lowercased())", ssh: ssh, scp: scp)
    }

    static func sshArguments(_ destination: SSHDestination, _ command: String) -> [String] {
        var arguments = sshOptions
        if let port = destination.port { arguments += ["-p", String(port)] }
        return arguments + [destination.target, command]
    }

    func copy(_ local: String, to remote: String) throws(AgentError) {
        var arguments = ["-q", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10"]
        if let port = destination.port { arguments += ["-P", String(port)] }
        try scp.run(arguments + [local, "\(destination.target):\(remote)"], timeout: 600)
    }

    public func connect() throws(AgentError) -> any AgentTransport {
        let folder = deviceFolder
        let ssh = self.ssh
        let destination = self.destination
        let cleanUp: @Sendable () -> Void = {
            _ = try? ssh.run(Self.sshArguments(destination, "rm -rf \(folder)"), timeout: 30)
        }
        do throws(AgentError) {
            try ssh.run(Self.sshArguments(destination, "mkdir -p \(folder)/assets \(folder)/scratch && chmod 700 \(folder)"), timeout: 30)
            try copy(agentPath, to: "\(folder)/aitc-agent")
            try ssh.run(Self.sshArguments(destination, "chmod 755 \(folder)/aitc-agent"), timeout: 30)
            let process = try ProcessTransport(
                executable: Self.resolve(ssh.executable),
                arguments: Self.sshArguments(destination, "exec \(folder)/aitc-agent --scratch \(folder)/scratch"),
                environment: ssh.environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(ssh.environment) { $1 })
            return TeardownTransport(process, teardown: cleanUp)
        } catch {
            cleanUp()
            throw error
        }
    }

    public func stage(_ file: AssetFile) throws(AgentError) -> String {
        try staged.path(for: file, under: "\(deviceFolder)/assets") { (local, remote) throws(AgentError) in
            try copy(local, to: remote)
        }
    }

    public func identity() -> DriverIdentity {
        DriverIdentity(
            spec: spec.description, transport: "ssh", emulated: false, architecture: machine, agentBinary: agentPath,
            agentSHA256: FileDigest.sha256(file: agentPath))
    }

    /// A program name looked up in PATH (ProcessTransport wants a path).
    static func resolve(_ program: String) -> String {
        if program.contains("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)") {
            return "\(folder)/\(program)"
        }
        return "/usr/bin/\(program)"
    }
}
