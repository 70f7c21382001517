/// What a finished command printed, and how it ended.
public struct CommandOutput: Sendable {
    public let exit: ChildExit
    public let stdout: String
    public let stderr: String
    /// Whether output beyond the capture limit was dropped.
    public let truncated: Bool
}
