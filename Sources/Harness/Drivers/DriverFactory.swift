/// Chooses the driver for a device spec.
public enum DriverFactory {
    /// The driver for `spec`, or an error saying why it cannot be used. Drivers that build or
    /// push an agent (qemu, adb, ssh) find `Tools/cross` under `root` (the checkout).
    public static func driver(
        for spec: DeviceSpec, root: String? = ProjectLayout.discover()?.root
    ) throws(AgentError)
        -> any DeviceDriver
    {
        switch spec {
        case .local:
            return LocalDriver(agentPath: try AgentLocator.hostAgent())
        case .tcp(let host, let port, let tokenFile, let deviceKey):
            return TCPDriver(
                host: host, port: port, token: try TCPDriver.token(fromFile: tokenFile), pinnedDeviceKey: deviceKey,
                spec: spec)
        case .qemu(let arch):
            guard let architecture = QemuArchitecture.named(arch) else {
                throw AgentError(
                    .unreachable, QemuArchitecture.unsupportedReason(arch) ?? "qemu:\(arch) is not supported")
            }
            return try QemuDriver.prepare(architecture, root: root)
        case .adb(let serial):
            return try AdbDriver.prepare(serial: serial, root: root)
        case .ssh(let text):
            let destination: SSHDestination
            do { destination = try SSHDestination.parse(text) } catch {
                throw AgentError(.unreachable, error.description)
            }
            return try SSHDriver.prepare(destination: destination, root: root)
        }
    }
}
