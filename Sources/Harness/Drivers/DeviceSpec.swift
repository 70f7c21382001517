/// Which device to certify and how to reach its agent, parsed from `--device`.
public enum DeviceSpec: Sendable, Equatable, CustomStringConvertible {
    /// This machine: the agent runs as a subprocess.
    case local
    /// An agent listening on a TCP port (`aitc-agent --listen`); the session token comes from
    /// `tokenFile` when given (`?token_file=PATH`), else from `AITC_DEVICE_TOKEN`; `deviceKey`
    /// (`?device_key=SHA256:…`) pins the fingerprint of the device's own key.
    case tcp(host: String, port: Int, tokenFile: String? = nil, deviceKey: String? = nil)
    /// The agent under qemu-user for another CPU architecture.
    case qemu(arch: String)
    /// An Android device by adb serial.
    case adb(serial: String)
    /// A Linux appliance over ssh: `USER@HOST[:PORT]`, optionally `?identity=FILE&known_hosts=FILE`.
    case ssh(destination: String)

    /// Parses `local`, `tcp://HOST:PORT[?token_file=PATH&device_key=SHA256:…]`, `qemu:ARCH`, `adb:SERIAL` or
    /// `ssh://USER@HOST[:PORT][?identity=FILE&known_hosts=FILE]`. A qemu architecture the harness cannot build for is refused here.
    public init(parsing text: String) throws(DeviceSpecError) {
        if text == "local" {
            self = .local
        } else if text.hasPrefix("tcp://") {
            self = try Self.parseTCP(text)
        } else if text.hasPrefix("qemu:"), text.count > 5 {
            let arch = String(text.dropFirst(5))
            if let problem = QemuArchitecture.unsupportedReason(arch) {
                throw DeviceSpecError(spec: text, message: problem)
            }
            self = .qemu(arch: arch)
        } else if text.hasPrefix("adb:"), text.count > 4 {
            self = .adb(serial: String(text.dropFirst(4)))
        } else if text.hasPrefix("ssh://"), text.count > 6 {
            let destination = String(text.dropFirst(6))
            _ = try SSHDestination.parse(destination)
            self = .ssh(destination: destination)
        } else {
            throw DeviceSpecError(
                spec: text,
                message: "unknown device (expected local, tcp://HOST:PORT, qemu:ARCH, adb:SERIAL or ssh://USER@HOST)")
        }
    }

    private static func parseTCP(_ text: String) throws(DeviceSpecError) -> DeviceSpec {
        var rest = Substring(text.dropFirst("tcp://".count))
        var tokenFile: String?
        var deviceKey: String?
        if let question = rest.firstIndex(of: "?") {
            let usage = "tcp:// takes ?token_file=PATH and ?device_key=SHA256:…, each once, joined by &"
            for pair in rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false) {
                guard let equals = pair.firstIndex(of: "="), pair.index(after: equals) != pair.endIndex else {
                    throw DeviceSpecError(spec: text, message: usage)
                }
                let value = String(pair[pair.index(after: equals)...])
                switch pair[..<equals] {
                case "token_file" where tokenFile == nil: tokenFile = value
                case "device_key" where deviceKey == nil:
                    guard DeviceKeyCheck.isFingerprint(value) else {
                        throw DeviceSpecError(
                            spec: text,
                            message:
                                "device_key=\(value): expected SHA256: and 43 base64 characters, as `aitc-agent --enrol` prints"
                        )
                    }
                    deviceKey = value
                default: throw DeviceSpecError(spec: text, message: usage)
                }
            }
            rest = rest[..<question]
        }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (1...65535).contains(port), colon != rest.startIndex
        else { throw DeviceSpecError(spec: text, message: "expected tcp://HOST:PORT") }
        var host = String(rest[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return .tcp(host: host, port: port, tokenFile: tokenFile, deviceKey: deviceKey)
    }

    public var description: String {
        switch self {
        case .local: return "local"
        case .tcp(let host, let port, _, _):
            return host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .qemu(let arch): return "qemu:\(arch)"
        case .adb(let serial): return "adb:\(serial)"
        case .ssh(let destination): return "ssh://\(destination)"
        }
    }
}
