/// The inference backend that loaded a model on the device.
public struct BackendIdentity: Codable, Sendable, Equatable {
    public let name: String
    public let version: String
}
