import Harness

/// The frames of a remote device's link, sorted for the privacy clauses: the harness's control
/// connection and the link upkeep it causes (ARP between the device and the harness, a real DHCP
/// exchange with the lab's server) are set apart and listed; what remains inside the session span
/// is the device's own traffic.
struct LinkTraffic: Sendable {
    /// Frames inside the session span that are neither control nor link upkeep.
    let device: [CapturedFrame]
    /// Control-connection frames inside the session span.
    let controlFrames: Int
    /// ARP between the device and the harness side of the control connection, and DHCP client
    /// messages of a transaction the lab's server answered, each parsed as exactly that.
    let upkeepFrames: Int
    /// The exempt frames themselves: not judged by PRV-02/05, but searched for canaries (a host
    /// name or client id is free text).
    let upkeep: [CapturedFrame]
    /// What was exempted, one line per ARP pair or DHCP transaction, for the evidence.
    let exemptions: [String]
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
        let servers = Self.dhcpServers(frames, deviceAddresses: deviceAddresses)
        var device: [CapturedFrame] = []
        var control = 0
        var upkeep: [CapturedFrame] = []
        var exempt: [String: [String]] = [:]
        var exemptOrder: [String] = []
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
            } else if let name = Self.upkeep(
                frame.bytes, deviceAddresses: deviceAddresses, peers: peers, answered: servers)
            {
                upkeep.append(frame)
                if exempt[name.key] == nil { exemptOrder.append(name.key) }
                exempt[name.key, default: []].append(name.what)
            } else {
                device.append(frame)
            }
        }
        self.device = device
        controlFrames = control
        upkeepFrames = upkeep.count
        self.upkeep = upkeep
        exemptions = exemptOrder.map { key in
            let whats = exempt[key] ?? []
            return "\(key): \(whats.count) frames (\(whats.joined(separator: ", ")))"
        }
        outsideSession = outside
        controlOpened = opened
        controlClosed = closed
        firstNs = frames.map(\.timeNs).min()
        lastNs = frames.map(\.timeNs).max()
    }

    /// The DHCP transactions a server answered, with the server's address: replies the observer's
    /// side sent (gateway capture), or — in a lab pcap, which has no direction — replies from
    /// neither a device address nor a device MAC.
    static func dhcpServers(_ frames: [CapturedFrame], deviceAddresses: Set<String>) -> [UInt32: String] {
        let directional = frames.contains(where: \.sentByObserver)
        var answered: [UInt32: String] = [:]
        for frame in frames {
            guard let reply = DHCPServerReply(frame: frame.bytes) else { continue }
            let fromServer =
                directional
                ? frame.sentByObserver
                : !deviceAddresses.contains(reply.server) && !deviceAddresses.contains(reply.serverMAC)
            if fromServer { answered[reply.xid] = reply.server }
        }
        return answered
    }

    /// Whether a device frame is link upkeep: ARP resolution between the device and a harness peer
    /// (either direction), or a DHCP client message of a transaction the lab's server answered
    /// (`answered`, ``dhcpServers(_:deviceAddresses:)``) sent to the broadcast address, a harness
    /// peer or that server — each only when the frame parses as exactly that (``ARPMessage``,
    /// ``DHCPClientMessage``); port numbers alone exempt nothing.
    static func isUpkeep(
        _ bytes: [UInt8], deviceAddresses: Set<String>, peers: Set<String>, answered: [UInt32: String]
    ) -> Bool {
        upkeep(bytes, deviceAddresses: deviceAddresses, peers: peers, answered: answered) != nil
    }

    /// The exemption a frame falls under (a key naming the ARP pair or DHCP transaction, and what
    /// the frame is), or nil when it is the device's traffic.
    static func upkeep(
        _ bytes: [UInt8], deviceAddresses: Set<String>, peers: Set<String>, answered: [UInt32: String]
    ) -> (key: String, what: String)? {
        if let arp = ARPMessage(frame: bytes) {
            let toHarness = deviceAddresses.contains(arp.senderIP) && peers.contains(arp.targetIP)
            let fromHarness = peers.contains(arp.senderIP) && deviceAddresses.contains(arp.targetIP)
            guard toHarness || fromHarness else { return nil }
            return ("ARP \(arp.senderIP) → \(arp.targetIP)", "ARP")
        }
        if let dhcp = DHCPClientMessage(frame: bytes), let server = answered[dhcp.xid],
            dhcp.destination == "255.255.255.255" || peers.contains(dhcp.destination) || dhcp.destination == server
        {
            return (
                "DHCP exchange xid 0x\(String(dhcp.xid, radix: 16)) of \(dhcp.clientMAC) answered by \(server)",
                DHCPClientMessage.typeName(dhcp.messageType)
            )
        }
        return nil
    }

    /// One line for the report.
    var summary: String {
        "\(device.count) frames on the device's link in the judged span besides the harness's; set apart: \(controlFrames) control-channel frames, "
            + "\(upkeepFrames) link-upkeep frames (ARP with the harness, DHCP client messages of an exchange the lab's server answered, each parsed whole"
            + (exemptions.isEmpty ? "" : ": " + exemptions.prefix(8).joined(separator: "; "))
            + (exemptions.count > 8 ? "; … \(exemptions.count - 8) more" : "")
            + "), \(outsideSession) frames outside it"
    }
}
