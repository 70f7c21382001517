/// What one of a child's standard descriptors is connected to.
public enum ChildStream: Sendable {
    /// `/dev/null`.
    case null
    /// A pipe whose other end the parent holds.
    case pipe
}
