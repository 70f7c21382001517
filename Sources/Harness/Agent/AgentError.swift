/// Why talking to a device agent failed.
public struct AgentError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// The agent could not be started or reached.
        case unreachable
        /// The channel closed or the agent died.
        case connectionLost
        /// No reply within the allowed time.
        case timeout
        /// The agent replied with something that is not valid protocol.
        case protocolViolation
        /// The agent answered with an error reply.
        case agentRefused
    }

    /// The kind of failure.
    public let code: Code
    /// The agent's error code when `code` is `.agentRefused` (e.g. `digest_mismatch`).
    public let agentCode: String?
    /// What happened, for a person.
    public let message: String

    /// An error of kind `code` with the sentence `message` and the agent's own error code, if any.
    public init(_ code: Code, _ message: String, agentCode: String? = nil) {
        self.code = code
        self.message = message
        self.agentCode = agentCode
    }

    /// Whether the device can no longer be used in this run.
    public var isDeviceLost: Bool {
        code == .connectionLost || code == .timeout || code == .unreachable
    }

    public var description: String {
        if let agentCode { return "agent error \(agentCode): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
