import Conformance

/// The device under test as the driver reached it and as it described itself.
public struct DeviceSection: Codable, Sendable, Equatable {
    /// The device as `--device` named it (`local`, `adb:SERIAL`, `ssh://…`).
    public let spec: String
    /// The device class the suite certifies.
    public let deviceClass: String
    /// Whether the device was emulated: its figures say nothing about real hardware.
    public let emulated: Bool
    /// What the device said about itself, when it was asked.
    public let info: DeviceInfo?
    /// What the driver knew: transport, emulator, architecture, agent binary digest, adb props.
    public let driver: DriverIdentity?
}
