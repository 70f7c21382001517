/// A DHCP server's reply (OFFER, ACK, NAK): IPv4 UDP 67 → 68, a BOOTP reply with the magic
/// cookie. Only its transaction id and sender are read: a reply is what makes the client messages
/// of the same transaction a real exchange with the lab's server (``LinkTraffic``).
struct DHCPServerReply: Sendable, Equatable {
    /// The transaction id (BOOTP `xid`) it answers.
    let xid: UInt32
    /// The IPv4 source address of the reply (the server).
    let server: String
    /// The Ethernet source address of the reply.
    let serverMAC: String

    init?(frame bytes: [UInt8]) {
        guard bytes.count >= 14 + 20, bytes[12] == 0x08, bytes[13] == 0x00, bytes[14] >> 4 == 4, bytes[23] == 17
        else { return nil }
        let udp = 14 + Int(bytes[14] & 0x0F) * 4
        let bootp = udp + 8
        guard bytes.count >= bootp + 240, bytes[udp] == 0, bytes[udp + 1] == 67, bytes[udp + 2] == 0,
            bytes[udp + 3] == 68, bytes[bootp] == 2,
            Array(bytes[(bootp + 236)..<(bootp + 240)]) == [0x63, 0x82, 0x53, 0x63]
        else { return nil }
        xid = bytes[(bootp + 4)..<(bootp + 8)].reduce(0) { $0 << 8 | UInt32($1) }
        server = bytes[26..<30].map(String.init).joined(separator: ".")
        serverMAC = EthernetAddress.text(bytes, at: 6)
    }
}
