/// Why a certification run could not be carried out.
public struct HarnessError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable {
        /// The suite, run rules or standards are unusable.
        case invalidInput
        /// A workload's files are missing, altered, or refused by the backend.
        case invalidWorkload
        /// The device stopped answering or died.
        case deviceLost
        /// The device answered with something inconsistent.
        case deviceMisbehaved
        /// Writing the report failed.
        case output
    }

    /// The kind of failure, which decides the exit code and whether the run may resume.
    public let code: Code
    /// A sentence a person can act on.
    public let message: String

    /// An error of kind `code` with the sentence `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Wraps an agent failure that happened during `activity`.
    public init(agent error: AgentError, during activity: String) {
        if error.isDeviceLost {
            self.init(.deviceLost, "device lost during \(activity): \(error.message)")
        } else if error.code == .agentRefused {
            self.init(.invalidWorkload, "the device refused \(activity): \(error)")
        } else {
            self.init(.deviceMisbehaved, "during \(activity): \(error)")
        }
    }

    public var description: String { message }
}
