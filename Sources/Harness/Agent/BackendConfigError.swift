/// A `--backend-config` that cannot be used, with a sentence saying why.
public struct BackendConfigError: Error, CustomStringConvertible, Sendable {
    /// Why the configuration cannot be used, as a sentence.
    public let message: String
    public var description: String { message }
}
