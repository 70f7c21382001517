/// A DHCP client message (DISCOVER, REQUEST, …), parsed only when the frame is exactly that: IPv4
/// without options, UDP 68 → 67, a BOOTP request from the frame's own source MAC with empty server
/// name and file fields, the magic cookie, options from the set a DHCP client sends (each TLV in
/// bounds, ending with END) and nothing after END but zero padding. Anything else — another port
/// pair, a payload in `sname`/`file`, an unknown option — is the device's traffic, not link upkeep.
/// Parsing is not enough for an exemption: the lab's server must have answered the same
/// transaction (``DHCPServerReply``, ``LinkTraffic``).
struct DHCPClientMessage: Sendable, Equatable {
    /// Option 53 (1 DISCOVER, 3 REQUEST, 4 DECLINE, 7 RELEASE, 8 INFORM).
    let messageType: UInt8
    /// The transaction id (BOOTP `xid`) that ties the client's messages to the server's replies.
    let xid: UInt32
    let clientMAC: String
    let destination: String

    /// Options a DHCP client sends: message type, requested address, server id, parameter list,
    /// maximum size, vendor class, client id, host name, lease time, auto-configure; pad (0) and
    /// end (255) are handled apart. Host name, vendor class and client id are free text: the
    /// canary search covers exempt frames too.
    static let clientOptions: Set<UInt8> = [53, 50, 54, 55, 57, 60, 61, 12, 51, 116]

    /// The name of a client message type, for the evidence.
    static func typeName(_ type: UInt8) -> String {
        [1: "DISCOVER", 3: "REQUEST", 4: "DECLINE", 7: "RELEASE", 8: "INFORM"][type] ?? "type \(type)"
    }

    init?(frame bytes: [UInt8]) {
        guard bytes.count >= 14 + 20 + 8 + 240, bytes[12] == 0x08, bytes[13] == 0x00, bytes[14] == 0x45, bytes[23] == 17
        else { return nil }
        let udp = 34
        guard bytes[udp] == 0, bytes[udp + 1] == 68, bytes[udp + 2] == 0, bytes[udp + 3] == 67 else { return nil }
        let bootp = udp + 8
        guard bytes[bootp] == 1, bytes[bootp + 1] == 1, bytes[bootp + 2] == 6, bytes[bootp + 3] == 0 else { return nil }
        guard bytes[6..<12] == bytes[(bootp + 28)..<(bootp + 34)],
            bytes[(bootp + 34)..<(bootp + 236)].allSatisfy({ $0 == 0 })
        else { return nil }
        guard Array(bytes[(bootp + 236)..<(bootp + 240)]) == [0x63, 0x82, 0x53, 0x63] else { return nil }
        var at = bootp + 240
        var type: UInt8?
        var ended = false
        while at < bytes.count, !ended {
            let code = bytes[at]
            if code == 0 {
                at += 1
                continue
            }
            if code == 255 {
                ended = true
                at += 1
                break
            }
            guard Self.clientOptions.contains(code), at + 1 < bytes.count else { return nil }
            let length = Int(bytes[at + 1])
            guard at + 2 + length <= bytes.count else { return nil }
            if code == 53, length == 1 { type = bytes[at + 2] }
            at += 2 + length
        }
        guard ended, let type, bytes[at...].allSatisfy({ $0 == 0 }) else { return nil }
        messageType = type
        xid = bytes[(bootp + 4)..<(bootp + 8)].reduce(0) { $0 << 8 | UInt32($1) }
        clientMAC = EthernetAddress.text(bytes, at: 6)
        destination = bytes[30..<34].map(String.init).joined(separator: ".")
    }
}
