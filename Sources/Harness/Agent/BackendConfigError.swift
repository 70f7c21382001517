/// A `--backend-config` that cannot be used, with a sentence saying why.
public struct BackendConfigError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
