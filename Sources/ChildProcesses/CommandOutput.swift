/// What a finished command printed, and how it ended.
public struct CommandOutput: Sendable {
    /// How the child ended: its exit code or the signal that killed it.
    public let exit: ChildExit
    /// Everything it wrote to stdout (up to the command's output limit), decoded as UTF-8.
    public let stdout: String
    /// Everything it wrote to stderr (up to the command's output limit), decoded as UTF-8.
    public let stderr: String
    /// Whether output beyond the capture limit was dropped.
    public let truncated: Bool
}
