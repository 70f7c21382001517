/// The agent's answer to the handshake.
public struct AgentHello: Codable, Sendable, Equatable {
    /// Agent program name.
    public let agent: String
    /// Agent version.
    public let agentVersion: String
    /// Protocol version the agent speaks.
    public let `protocol`: Int
    /// Operations the agent supports.
    public let capabilities: [String]
    /// The clock the agent timestamps with.
    public let clock: String
    /// Backends built into the agent.
    public let backends: [String]
}
