/// Why a Merkle proof, a tree head or a signature did not check out; `reason` is a sentence a person can act on.
public struct TransparencyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sentence to show.
    public let reason: String

    /// Creates an error with its sentence.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The sentence.
    public var description: String { reason }
}
