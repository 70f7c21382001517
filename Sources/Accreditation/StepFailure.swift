/// A bundle rejected at a step, with the reason.
public struct StepFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step that failed.
    public let step: VerificationStep
    /// Why, as a sentence a person can act on.
    public let reason: String
    /// The steps that ran before, with their outcomes.
    public let completed: [StepOutcome]

    /// Creates a failure.
    public init(_ step: VerificationStep, _ reason: String, completed: [StepOutcome] = []) {
        self.step = step
        self.reason = reason
        self.completed = completed
    }

    /// `step N (name): reason`.
    public var description: String { "step \(step.rawValue) (\(step.name)) failed: \(reason)" }
}
