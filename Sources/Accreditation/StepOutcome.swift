/// What one verification step concluded.
public struct StepOutcome: Sendable, Equatable {
    /// How a step ended.
    public enum Status: String, Sendable {
        case passed, failed, skipped
    }

    /// The step.
    public let step: VerificationStep
    /// Passed, failed, or skipped (an optional input such as the revocation list was not given).
    public let status: Status
    /// A sentence: what was found, or why it failed.
    public let message: String

    /// Creates an outcome.
    public init(step: VerificationStep, status: Status, message: String) {
        self.step = step
        self.status = status
        self.message = message
    }
}
