/// A `--device` value that cannot be used.
public struct DeviceSpecError: Error, Sendable, CustomStringConvertible {
    public let spec: String
    public let message: String

    public var description: String { "device '\(spec)': \(message)" }
}
