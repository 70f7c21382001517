import Conformance

/// The device under test as the driver reached it and as it described itself.
public struct DeviceSection: Codable, Sendable, Equatable {
    public let spec: String
    public let deviceClass: String
    public let emulated: Bool
    public let info: DeviceInfo?
    /// What the driver knew: transport, emulator, architecture, agent binary digest, adb props.
    public let driver: DriverIdentity?
}
