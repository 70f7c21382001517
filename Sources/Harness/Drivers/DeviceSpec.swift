/// Which device to certify and how to reach its agent, parsed from `--device`.
public enum DeviceSpec: Sendable, Equatable, CustomStringConvertible {
    /// This machine: the agent runs as a subprocess.
    case local
    /// An agent listening on a TCP port.
    case tcp(host: String, port: Int)
    /// The agent under qemu-user for another CPU architecture.
    case qemu(arch: String)
    /// An Android device by adb serial.
    case adb(serial: String)
    /// A Linux appliance over ssh.
    case ssh(destination: String)

    /// Parses `local`, `tcp://HOST:PORT`, `qemu:ARCH`, `adb:SERIAL` or `ssh://USER@HOST`.
    public init(parsing text: String) throws(DeviceSpecError) {
        if text == "local" {
            self = .local
        } else if text.hasPrefix("tcp://") {
            let rest = text.dropFirst("tcp://".count)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                (1...65535).contains(port), colon != rest.startIndex
            else { throw DeviceSpecError(spec: text, message: "expected tcp://HOST:PORT") }
            self = .tcp(host: String(rest[..<colon]), port: port)
        } else if text.hasPrefix("qemu:"), text.count > 5 {
            self = .qemu(arch: String(text.dropFirst(5)))
        } else if text.hasPrefix("adb:"), text.count > 4 {
            self = .adb(serial: String(text.dropFirst(4)))
        } else if text.hasPrefix("ssh://"), text.count > 6 {
            self = .ssh(destination: String(text.dropFirst(6)))
        } else {
            throw DeviceSpecError(
                spec: text, message: "unknown device (expected local, tcp://HOST:PORT, qemu:ARCH, adb:SERIAL or ssh://USER@HOST)")
        }
    }

    public var description: String {
        switch self {
        case .local: return "local"
        case .tcp(let host, let port): return "tcp://\(host):\(port)"
        case .qemu(let arch): return "qemu:\(arch)"
        case .adb(let serial): return "adb:\(serial)"
        case .ssh(let destination): return "ssh://\(destination)"
        }
    }
}
