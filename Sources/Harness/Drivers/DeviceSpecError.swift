/// A `--device` value that cannot be used.
public struct DeviceSpecError: Error, Sendable, CustomStringConvertible {
    /// The `--device` value as given.
    public let spec: String
    /// Why it cannot be used, as a sentence.
    public let message: String

    public var description: String { "device '\(spec)': \(message)" }
}
