import Harness

/// The harness's own connection to a remote device's agent. A capture on the device's link sees
/// it (TCP to the agent's port, ssh, adb over the network); it is the harness talking, so it is
/// kept apart from the device's traffic — and its frames prove that the capture saw the link.
package struct ControlChannel: Sendable, Equatable, CustomStringConvertible {
    /// The device-side IPv4 address of the control connection; nil when it does not cross a
    /// network (adb over USB, a subprocess).
    package let address: String?
    /// The device-side TCP port of the control connection.
    package let port: Int?

    /// Creates a channel description.
    package init(address: String?, port: Int?) {
        self.address = address
        self.port = port
    }

    /// The control connection of `spec`: the agent's port for `tcp://`, ssh's port (22 unless
    /// given) for `ssh://`, the serial's `HOST:PORT` for adb over the network.
    package static func of(_ spec: DeviceSpec) -> ControlChannel {
        switch spec {
        case .tcp(let host, let port, _, _):
            return ControlChannel(address: host, port: port)
        case .ssh(let text):
            guard let destination = SSHDestination(text) else { return ControlChannel(address: nil, port: nil) }
            let host = destination.target.split(separator: "@").last.map(String.init)
            return ControlChannel(address: host, port: destination.port ?? 22)
        case .adb(let serial):
            let parts = serial.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]), parts[0].split(separator: ".").count == 4 else {
                return ControlChannel(address: nil, port: nil)
            }
            return ControlChannel(address: String(parts[0]), port: port)
        case .local, .qemu:
            return ControlChannel(address: nil, port: nil)
        }
    }

    /// Whether the control connection crosses a network link at all.
    package var crossesNetwork: Bool { address != nil && port != nil }

    /// Whether `frame` belongs to the control connection (TCP, either direction).
    package func carries(_ frame: DecodedFrame) -> Bool {
        guard let address, let port, frame.proto == "tcp" else { return false }
        return (frame.source == address && frame.sourcePort == port)
            || (frame.destination == address && frame.destinationPort == port)
    }

    /// The harness-side address of a control frame (the peer of the device's endpoint).
    package func peer(of frame: DecodedFrame) -> String? {
        guard carries(frame) else { return nil }
        return frame.source == address ? frame.destination : frame.source
    }

    package var description: String {
        guard let address, let port else { return "no network control channel" }
        return "tcp \(address):\(port)"
    }
}
