import Harness

/// The frames of a remote device's link, sorted for the privacy clauses: the harness's control
/// connection and the link upkeep it causes (ARP between the device and the harness, DHCP) are
/// set apart; what remains inside the session span is the device's own traffic.
struct LinkTraffic: Sendable {
    /// Frames inside the session span that are neither control nor link upkeep.
    let device: [CapturedFrame]
    /// Control-connection frames inside the session span.
    let controlFrames: Int
    /// ARP between the device and the harness side of the control connection, and DHCP client
    /// messages, each parsed as exactly that.
    let upkeepFrames: Int
    /// Frames before the session began or after it ended (not judged).
    let outsideSession: Int
    /// Whether the capture holds the control connection being opened (a SYN) and closed (FIN or
    /// RST) inside the session: proof that it watched the device's link for the whole session.
    let controlOpened: Bool
    let controlClosed: Bool
    /// Time of the first and last frame of the whole capture (nil when empty).
    let firstNs: Int64?
    let lastNs: Int64?

    /// Sorts `frames`; `span` is the session (CLOCK_REALTIME ns, both ends included).
    init(frames: [CapturedFrame], channel: ControlChannel, deviceAddresses: Set<String>, span: ClosedRange<Int64>) {
        var peers: Set<String> = []
        for frame in frames where span.contains(frame.timeNs) {
            if let peer = channel.peer(of: DecodedFrame.decode(frame.bytes)) { peers.insert(peer) }
        }
        var device: [CapturedFrame] = []
        var control = 0
        var upkeep = 0
        var outside = 0
        var opened = false
        var closed = false
        for frame in frames {
            guard span.contains(frame.timeNs) else {
                outside += 1
                continue
            }
            let decoded = DecodedFrame.decode(frame.bytes)
            if channel.carries(decoded) {
                control += 1
                if decoded.isConnectionOpen { opened = true }
                if decoded.tcpFlags & 0x05 != 0 { closed = true }
            } else if Self.isUpkeep(frame.bytes, deviceAddresses: deviceAddresses, peers: peers) {
                upkeep += 1
            } else {
                device.append(frame)
            }
        }
        self.device = device
        controlFrames = control
        upkeepFrames = upkeep
        outsideSession = outside
        controlOpened = opened
        controlClosed = closed
        firstNs = frames.map(\.timeNs).min()
        lastNs = frames.map(\.timeNs).max()
    }

    /// ARP resolution between the device and a harness peer (either direction), or a DHCP client
    /// message to the broadcast address or a harness peer — each only when the frame parses as
    /// exactly that (``ARPMessage``, ``DHCPClientMessage``); port numbers alone exempt nothing.
    static func isUpkeep(_ bytes: [UInt8], deviceAddresses: Set<String>, peers: Set<String>) -> Bool {
        if let arp = ARPMessage(frame: bytes) {
            return (deviceAddresses.contains(arp.senderIP) && peers.contains(arp.targetIP))
                || (peers.contains(arp.senderIP) && deviceAddresses.contains(arp.targetIP))
        }
        if let dhcp = DHCPClientMessage(frame: bytes) {
            return dhcp.destination == "255.255.255.255" || peers.contains(dhcp.destination)
        }
        return false
    }

    /// One line for the report.
    var summary: String {
        "\(device.count) frames on the device's link in the session besides the harness's; set apart: \(controlFrames) control-channel frames, "
            + "\(upkeepFrames) link-upkeep frames (ARP with the harness, DHCP client messages, each parsed whole), \(outsideSession) frames outside the session"
    }
}
