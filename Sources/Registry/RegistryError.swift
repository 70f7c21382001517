/// Why the registry refused a request: the kind decides the HTTP status, the reason is a sentence
/// a person can act on (never a type name).
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal this is.
    public enum Kind: String, Sendable, Equatable {
        /// The request is malformed (HTTP 400).
        case badRequest
        /// The bundle did not pass the verification policy (HTTP 422).
        case rejected
        /// Nothing is stored under that name (HTTP 404).
        case notFound
        /// The body is larger than the registry accepts (HTTP 413).
        case tooLarge
        /// The stored data no longer matches the log (HTTP 409): the database was altered.
        case inconsistent
        /// The database could not be reached or refused the operation (HTTP 503).
        case unavailable
    }

    /// The kind.
    public let kind: Kind
    /// The sentence.
    public let reason: String
    /// For ``Kind/rejected``: the verification step that failed (1–8) and its name.
    public let step: (number: Int, name: String)?

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, step: (number: Int, name: String)? = nil) {
        self.kind = kind
        self.reason = reason
        self.step = step
    }

    /// The sentence.
    public var description: String { reason }

    public static func == (lhs: RegistryError, rhs: RegistryError) -> Bool {
        lhs.kind == rhs.kind && lhs.reason == rhs.reason && lhs.step?.number == rhs.step?.number
    }
}
