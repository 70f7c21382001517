/// A child process that could not be started or did not finish in time. `message` is a sentence a
/// person can act on.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The program was not found, not executable, or the system refused to start it.
        case cannotStart
        /// It was still running at its deadline and was killed (with its process group).
        case timedOut
    }

    /// Whether the program could not start or ran past its deadline.
    public let reason: Reason
    /// The sentence for the person: the program, what happened and what to do.
    public let message: String
    /// What it had written when it was stopped (for `.timedOut`).
    public let partialOutput: CommandOutput?

    init(_ reason: Reason, _ message: String, partialOutput: CommandOutput? = nil) {
        self.reason = reason
        self.message = message
        self.partialOutput = partialOutput
    }

    public var description: String { message }
}
