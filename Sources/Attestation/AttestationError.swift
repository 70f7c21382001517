/// An error thrown by the `Attestation` module.
///
/// Match on ``code`` to handle a specific failure; ``description`` carries a human-readable
/// reason that says what was wrong and what to do about it, suitable for printing on stderr.
///
/// Equality and hashing consider only ``code``, so tests can compare against a bare code.
public struct AttestationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public let code: Code

    /// What went wrong and how to fix it.
    public let reason: String

    /// Creates an error with a code and an actionable reason.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: A sentence saying what went wrong and what to do about it.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `AttestationError.<code>: <reason>`.
    public var description: String {
        "AttestationError.\(code): \(reason)"
    }

    public static func == (lhs: AttestationError, rhs: AttestationError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }
}
