/// An ARP packet for IPv4 over Ethernet, parsed only when the frame is exactly that and nothing
/// more: no VLAN tag, the fixed header (Ethernet, IPv4, lengths 6 and 4), a request or a reply
/// whose sender MAC is the frame's source, and nothing but zero padding up to the 60-byte minimum.
/// A frame that carries anything else is not ARP for the privacy clauses, whatever its type says.
struct ARPMessage: Sendable, Equatable {
    /// 1 request, 2 reply.
    let operation: UInt8
    let senderMAC: String
    let senderIP: String
    let targetMAC: String
    let targetIP: String

    init?(frame bytes: [UInt8]) {
        guard bytes.count >= 42, bytes.count <= 60, bytes[12] == 0x08, bytes[13] == 0x06 else { return nil }
        guard Array(bytes[14..<21]) == [0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00], bytes[21] == 1 || bytes[21] == 2
        else { return nil }
        guard bytes[6..<12] == bytes[22..<28], bytes[42...].allSatisfy({ $0 == 0 }) else { return nil }
        let destinationMAC = EthernetAddress.text(bytes, at: 0)
        operation = bytes[21]
        senderMAC = EthernetAddress.text(bytes, at: 22)
        senderIP = bytes[28..<32].map(String.init).joined(separator: ".")
        targetMAC = EthernetAddress.text(bytes, at: 32)
        targetIP = bytes[38..<42].map(String.init).joined(separator: ".")
        switch operation {
        case 1:  // broadcast, or a unicast probe to the MAC it names
            guard destinationMAC == "ff:ff:ff:ff:ff:ff" || destinationMAC == targetMAC,
                targetMAC == "00:00:00:00:00:00" || destinationMAC == targetMAC
            else { return nil }
        default:  // a reply goes to the MAC it names
            guard destinationMAC == targetMAC else { return nil }
        }
    }

    /// Whether this is address resolution between exactly these two hosts, sent by `from`.
    func resolves(from: (mac: String, ip: String), to: (mac: String, ip: String)) -> Bool {
        guard senderMAC == from.mac, senderIP == from.ip, targetIP == to.ip else { return false }
        return operation == 1 ? (targetMAC == "00:00:00:00:00:00" || targetMAC == to.mac) : targetMAC == to.mac
    }
}
