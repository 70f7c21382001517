/// The device is this machine: the agent runs as a subprocess and reads files in place.
public struct LocalDriver: SubprocessDriver {
    /// `local`.
    public let spec = DeviceSpec.local
    /// False: this machine is real hardware.
    public let emulated = false
    /// Path of the agent executable.
    public let agentPath: String
    /// Extra agent arguments (e.g. `--scratch DIR`).
    public let arguments: [String]

    /// A driver that starts the agent at `agentPath` with `arguments`.
    public init(agentPath: String, arguments: [String] = []) {
        self.agentPath = agentPath
        self.arguments = arguments
    }

    /// The agent and its arguments.
    public var agentCommand: [String] { [agentPath] + arguments }

    /// Starts the agent as a child process and talks to it over its stdin and stdout.
    public func connect() throws(AgentError) -> any AgentTransport {
        try ProcessTransport(executable: agentPath, arguments: arguments)
    }

    /// The file's own path: the agent reads it in place.
    public func stage(_ file: AssetFile) throws(AgentError) -> String {
        file.path
    }
}

extension LocalDriver {
    /// This machine, reached as a subprocess.
    public func identity() -> DriverIdentity {
        DriverIdentity(
            spec: spec.description, transport: "subprocess", emulated: false, agentBinary: agentPath,
            agentSHA256: FileDigest.sha256(file: agentPath))
    }
}
