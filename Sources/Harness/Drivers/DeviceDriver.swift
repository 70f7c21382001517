/// A way to reach the device agent. Every driver ends in the same protocol, so the same suite runs
/// everywhere and the numbers mean the same thing.
public protocol DeviceDriver: Sendable {
    /// The spec this driver serves.
    var spec: DeviceSpec { get }
    /// Whether the device is an emulator (recorded in the report).
    var emulated: Bool { get }

    /// Starts or reaches the agent and returns a connected transport. Closing the transport tears
    /// down whatever the driver set up (port forwards, copied agents and files).
    func connect() throws(AgentError) -> any AgentTransport

    /// Makes `file` available on the device and returns its path there.
    func stage(_ file: AssetFile) throws(AgentError) -> String

    /// What the driver knows about the device from outside the agent.
    func identity() -> DriverIdentity
}

extension DeviceDriver {
    /// The spec, transport kind and emulation flag only.
    public func identity() -> DriverIdentity {
        DriverIdentity(spec: spec.description, transport: "subprocess", emulated: emulated)
    }
}
