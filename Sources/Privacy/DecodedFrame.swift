import Harness

/// What the flow summary needs from one Ethernet frame: addresses, protocol, ports, payload.
package struct DecodedFrame: Sendable, Equatable {
    /// `tcp`, `udp`, `icmp`, `arp`, `ip-<n>`, `tcp6`, `udp6`, `icmp6`, `ipv6-<n>` or `ether-<type>`
    /// (anything else, malformed IPv4/IPv6 included, is named by its Ethernet type).
    package let proto: String
    /// Source address (IPv4 dotted, IPv6 in eight groups, the ARP sender, or the MAC for other frames).
    package let source: String
    package let destination: String
    package let sourcePort: Int
    package let destinationPort: Int
    /// TCP flags byte (0 for other protocols).
    package let tcpFlags: UInt8
    /// Offset of the transport payload within the frame.
    package let payloadOffset: Int
    /// TCP sequence number of the segment's first payload byte (0 for other protocols): puts a
    /// stream back in order (``FlowReassembly``).
    package var tcpSequence: UInt32 = 0

    /// Whether this is a TCP SYN without ACK: a connection being opened.
    package var isConnectionOpen: Bool {
        (proto == "tcp" || proto == "tcp6") && tcpFlags & 0x02 != 0 && tcpFlags & 0x10 == 0
    }

    /// The big-endian 32-bit number at `at` (0 when the frame is shorter).
    private static func sequence(_ bytes: [UInt8], at: Int) -> UInt32 {
        guard bytes.count >= at + 4 else { return 0 }
        return bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Decodes Ethernet II (with one optional 802.1Q tag) carrying IPv4, IPv6, ARP or anything else.
    package static func decode(_ bytes: [UInt8]) -> DecodedFrame {
        func mac(_ at: Int) -> String {
            guard bytes.count >= at + 6 else { return "?" }
            return EthernetAddress.text(bytes, at: at)
        }
        guard bytes.count >= 14 else {
            return DecodedFrame(
                proto: "runt", source: "?", destination: "?", sourcePort: 0, destinationPort: 0, tcpFlags: 0,
                payloadOffset: bytes.count)
        }
        var typeOffset = 12
        var etherType = Int(bytes[12]) << 8 | Int(bytes[13])
        if etherType == 0x8100, bytes.count >= 18 {
            typeOffset = 16
            etherType = Int(bytes[16]) << 8 | Int(bytes[17])
        }
        let ip = typeOffset + 2
        func ipv4(_ at: Int) -> String { bytes[at..<at + 4].map(String.init).joined(separator: ".") }
        switch etherType {
        case 0x0806:
            if bytes.count >= ip + 28 {
                return DecodedFrame(
                    proto: "arp", source: ipv4(ip + 14), destination: ipv4(ip + 24), sourcePort: 0, destinationPort: 0,
                    tcpFlags: 0, payloadOffset: ip)
            }
            return DecodedFrame(
                proto: "arp", source: mac(6), destination: mac(0), sourcePort: 0, destinationPort: 0, tcpFlags: 0,
                payloadOffset: ip)
        case 0x0800 where bytes.count >= ip + 20 && bytes[ip] >> 4 == 4:
            let headerLength = Int(bytes[ip] & 0x0F) * 4
            let protocolNumber = bytes[ip + 9]
            let transport = ip + headerLength
            let source = ipv4(ip + 12)
            let destination = ipv4(ip + 16)
            func port(_ at: Int) -> Int { bytes.count >= at + 2 ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : 0 }
            switch protocolNumber {
            case 6:
                let flags = bytes.count > transport + 13 ? bytes[transport + 13] : 0
                let dataOffset = bytes.count > transport + 12 ? Int(bytes[transport + 12] >> 4) * 4 : 20
                var frame = DecodedFrame(
                    proto: "tcp", source: source, destination: destination, sourcePort: port(transport),
                    destinationPort: port(transport + 2), tcpFlags: flags,
                    payloadOffset: min(bytes.count, transport + dataOffset))
                frame.tcpSequence = sequence(bytes, at: transport + 4)
                return frame
            case 17:
                return DecodedFrame(
                    proto: "udp", source: source, destination: destination, sourcePort: port(transport),
                    destinationPort: port(transport + 2), tcpFlags: 0, payloadOffset: min(bytes.count, transport + 8))
            case 1:
                return DecodedFrame(
                    proto: "icmp", source: source, destination: destination, sourcePort: 0, destinationPort: 0,
                    tcpFlags: 0, payloadOffset: min(bytes.count, transport))
            default:
                return DecodedFrame(
                    proto: "ip-\(protocolNumber)", source: source, destination: destination, sourcePort: 0,
                    destinationPort: 0, tcpFlags: 0, payloadOffset: min(bytes.count, transport))
            }
        case 0x86DD where bytes.count >= ip + 40 && bytes[ip] >> 4 == 6:
            func ipv6(_ at: Int) -> String {
                stride(from: at, to: at + 16, by: 2).map { String(Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]), radix: 16) }
                    .joined(separator: ":")
            }
            let transport = ip + 40
            let source = ipv6(ip + 8)
            let destination = ipv6(ip + 24)
            func port(_ at: Int) -> Int { bytes.count >= at + 2 ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : 0 }
            switch bytes[ip + 6] {
            case 6:
                let flags = bytes.count > transport + 13 ? bytes[transport + 13] : 0
                var frame = DecodedFrame(
                    proto: "tcp6", source: source, destination: destination, sourcePort: port(transport),
                    destinationPort: port(transport + 2), tcpFlags: flags,
                    payloadOffset: min(bytes.count, transport + 20))
                frame.tcpSequence = sequence(bytes, at: transport + 4)
                return frame
            case 17:
                return DecodedFrame(
                    proto: "udp6", source: source, destination: destination, sourcePort: port(transport),
                    destinationPort: port(transport + 2), tcpFlags: 0, payloadOffset: min(bytes.count, transport + 8))
            case 58:
                return DecodedFrame(
                    proto: "icmp6", source: source, destination: destination, sourcePort: 0, destinationPort: 0,
                    tcpFlags: 0, payloadOffset: min(bytes.count, transport))
            case let next:
                return DecodedFrame(
                    proto: "ipv6-\(next)", source: source, destination: destination, sourcePort: 0, destinationPort: 0,
                    tcpFlags: 0, payloadOffset: min(bytes.count, transport))
            }
        default:
            return DecodedFrame(
                proto: "ether-\(String(etherType, radix: 16))", source: mac(6), destination: mac(0), sourcePort: 0,
                destinationPort: 0, tcpFlags: 0, payloadOffset: ip)
        }
    }
}
