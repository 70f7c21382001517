import Foundation

/// A Linux appliance over ssh: copies a static agent into a private folder with scp, runs it with
/// ssh's stdin/stdout as the channel, and removes the folder at the end. Each session (a
/// reconnection too) starts in an emptied folder and copies the agent and the files again.
///
/// Programs: `AITC_SSH` / `AITC_SCP` or `ssh` / `scp` (key-based login: BatchMode, no prompts; the
/// host key must be in known_hosts, whatever the lab's ssh config says).
/// The folder's parent is `AITC_SSH_DEVICE_DIR` or `/tmp`; `AITC_SSH_AGENT` replaces the agent build.
package struct SSHDriver: DeviceDriver {
    package let spec: DeviceSpec
    package let emulated = false
    package let destination: SSHDestination
    package let agentPath: String
    /// `uname -m` of the appliance.
    package let machine: String
    /// The host key ssh verified when the driver was prepared (`ssh-ed25519 SHA256:…`).
    package let hostKey: String?
    /// The device folder this session owns.
    package let deviceFolder: String
    let ssh: HostCommand
    let scp: HostCommand
    private let staged = StagedFiles()

    /// Options for every ssh and scp call: no prompts; the host key must already be in known_hosts
    /// (`StrictHostKeyChecking=yes` on the command line wins over any lab config, and no key is
    /// learnt or updated on the way); bounded connect; a dead link noticed in about 10 s.
    static func options(_ destination: SSHDestination) -> [String] {
        var options = [
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UpdateHostKeys=no", "-o",
            "ConnectTimeout=10",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=2",
        ]
        if let identity = destination.identityFile { options += ["-i", identity, "-o", "IdentitiesOnly=yes"] }
        if let knownHosts = destination.knownHostsFile {
            options += ["-o", "UserKnownHostsFile=\"\(knownHosts)\"", "-o", "GlobalKnownHostsFile=/dev/null"]
        }
        return options
    }

    /// Asks the appliance its architecture (checking its host key) and finds (or builds) the agent
    /// for it. `environment` supplies the `AITC_SSH*` settings and is passed to ssh and scp.
    package static func prepare(
        destination: SSHDestination, root: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentError) -> SSHDriver {
        let ssh = HostCommand(
            executable: environment["AITC_SSH"].flatMap { $0.isEmpty ? nil : $0 } ?? "ssh", environment: environment)
        let scp = HostCommand(
            executable: environment["AITC_SCP"].flatMap { $0.isEmpty ? nil : $0 } ?? "scp", environment: environment)
        let probe = try ssh.run(["-v"] + sshArguments(destination, "uname -m"), timeout: 30, check: false)
        let diagnosis = SSHDiagnosis(stderr: probe.stderr)
        guard probe.status == 0 else {
            throw AgentError(.unreachable, diagnosis.failure(destination, status: probe.status))
        }
        let machine = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
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
                throw AgentError(
                    .unreachable,
                    "ssh://\(destination.address): no agent build for \(machine) (supported: aarch64, armv7l, x86_64); set AITC_SSH_AGENT"
                )
            }
            agent = try CrossBuild.staticAgent(arch: arch, root: root)
        }
        let parent = environment["AITC_SSH_DEVICE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return SSHDriver(
            spec: .ssh(destination: destination.address), destination: destination, agentPath: agent, machine: machine,
            hostKey: diagnosis.hostKey, deviceFolder: "\(parent)/aitc-\(UUID().uuidString.prefix(8).lowercased())",
            ssh: ssh,
            scp: scp)
    }

    static func sshArguments(_ destination: SSHDestination, _ command: String) -> [String] {
        var arguments = options(destination)
        if let port = destination.port { arguments += ["-p", String(port)] }
        return arguments + [destination.target, command]
    }

    func copy(_ local: String, to remote: String) throws(AgentError) {
        var arguments = ["-q"] + Self.options(destination)
        if let port = destination.port { arguments += ["-P", String(port)] }
        try scp.run(arguments + [local, "\(destination.target):\(remote)"], timeout: 600)
    }

    package func connect() throws(AgentError) -> any AgentTransport {
        let folder = deviceFolder
        let ssh = self.ssh
        let destination = self.destination
        let cleanUp: @Sendable () -> Void = {
            _ = try? ssh.run(Self.sshArguments(destination, "rm -rf \(folder)"), timeout: 30)
        }
        do throws(AgentError) {
            // Every session starts in an emptied folder (a reconnection after an outage: whatever the
            // lost session left, an old agent still running included, is gone) and stages its files again.
            try ssh.run(
                Self.sshArguments(
                    destination,
                    "rm -rf \(folder) && mkdir -p \(folder)/assets \(folder)/scratch && chmod 700 \(folder)"),
                timeout: 30)
            staged.forget()
            try copy(agentPath, to: "\(folder)/aitc-agent")
            try ssh.run(Self.sshArguments(destination, "chmod 755 \(folder)/aitc-agent"), timeout: 30)
            let process = try ProcessTransport(
                executable: ssh.executable,
                arguments: Self.sshArguments(
                    destination, "exec \(folder)/aitc-agent --scratch \(folder)/scratch --root \(folder)/assets"),
                environment: ssh.fullEnvironment)
            return TeardownTransport(process, teardown: cleanUp)
        } catch {
            cleanUp()
            throw error
        }
    }

    package func stage(_ file: AssetFile) throws(AgentError) -> String {
        try staged.path(for: file, under: "\(deviceFolder)/assets") { (local, remote) throws(AgentError) in
            try copy(local, to: remote)
        }
    }

    package func identity() -> DriverIdentity {
        DriverIdentity(
            spec: spec.description, transport: "ssh", emulated: false, architecture: machine, agentBinary: agentPath,
            agentSHA256: FileDigest.sha256(file: agentPath), hostKey: hostKey)
    }
}
