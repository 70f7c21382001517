/// The device is this machine: the agent runs as a subprocess and reads files in place.
public struct LocalDriver: SubprocessDriver {
    public let spec = DeviceSpec.local
    public let emulated = false
    /// Path of the agent executable.
    public let agentPath: String
    /// Extra agent arguments (e.g. `--scratch DIR`).
    public let arguments: [String]

    public init(agentPath: String, arguments: [String] = []) {
        self.agentPath = agentPath
        self.arguments = arguments
    }

    /// The agent and its arguments.
    public var agentCommand: [String] { [agentPath] + arguments }

    public func connect() throws(AgentError) -> any AgentTransport {
        try ProcessTransport(executable: agentPath, arguments: arguments)
    }

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
