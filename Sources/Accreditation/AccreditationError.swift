/// An error from the accreditation module: a sentence saying what is wrong and what to do.
public struct AccreditationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public let reason: String

    /// Creates an error from a sentence.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The sentence itself.
    public var description: String { reason }
}
