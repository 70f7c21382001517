/// Chooses the driver for a device spec.
public enum DriverFactory {
    /// The driver for `spec`, or an error saying why it cannot be used in this version.
    public static func driver(for spec: DeviceSpec) throws(AgentError) -> any DeviceDriver {
        switch spec {
        case .local:
            return LocalDriver(agentPath: try AgentLocator.hostAgent())
        case .tcp, .qemu, .adb, .ssh:
            throw AgentError(.unreachable, "the \(spec) driver is not available in this harness version; use --device local")
        }
    }
}
