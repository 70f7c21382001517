/// One state of the observed interface, as the kernel reported it over rtnetlink (RTM_NEWLINK /
/// RTM_DELLINK): whether it is administratively up, whether it has carrier (IFF_LOWER_UP), and its
/// RFC 2863 operational state. A device reboot shows on the gateway's interface as carrier lost,
/// then back.
package struct LinkStateChange: Sendable, Equatable {
    /// When the kernel's message was read (CLOCK_REALTIME ns).
    package let timeNs: Int64
    /// IFF_UP.
    package let adminUp: Bool
    /// IFF_LOWER_UP: the other end of the link is there (for a veth, its peer is up).
    package let carrier: Bool
    /// IFLA_OPERSTATE by name (`up`, `down`, `lowerlayerdown`, …); `unknown` when not given.
    package let operstate: String
    /// RTM_DELLINK: the interface was removed (a USB link unplugged, or a phone rebooting behind
    /// USB tethering): the capture goes on only if an interface of the same name comes back.
    package let removed: Bool
    /// The interface's index (a new one when an interface of the same name came back).
    package let index: Int32

    /// Up: administratively up, with carrier, and not removed.
    package var isUp: Bool { adminUp && carrier && !removed && operstate != "down" && operstate != "lowerlayerdown" }

    /// The same state at another time (states are compared without their times).
    package func sameState(as other: LinkStateChange) -> Bool {
        adminUp == other.adminUp && carrier == other.carrier && operstate == other.operstate
            && removed == other.removed && index == other.index
    }

    /// `up (carrier, operstate up)` or `down (no carrier, operstate lowerlayerdown)`.
    package var description: String {
        if removed { return "removed" }
        let admin = adminUp ? "" : "administratively down, "
        return "\(isUp ? "up" : "down") (\(admin)\(carrier ? "carrier" : "no carrier"), operstate \(operstate))"
    }

    static let operstates = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"]

    /// The states of interface `index`, or of an interface named `name` (IFLA_IFNAME: the same link
    /// come back under a new index), in a buffer of rtnetlink messages (one `recv`), in order.
    /// Every length is checked; a truncated message ends the parse.
    package static func parse(_ bytes: [UInt8], index: Int32, name: String, timeNs: Int64) -> [LinkStateChange] {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        var changes: [LinkStateChange] = []
        var at = 0
        while at + 16 <= bytes.count {
            let length = Int(u32(at))
            guard length >= 16, at + length <= bytes.count else { break }
            let type = u16(at + 4)
            // RTM_NEWLINK 16, RTM_DELLINK 17: nlmsghdr (16) + ifinfomsg (16) + attributes.
            if type == 16 || type == 17, length >= 32 {
                let flags = u32(at + 24)
                let messageIndex = Int32(bitPattern: u32(at + 20))
                var operstate = "unknown"
                var carrier = flags & 0x10000 != 0  // IFF_LOWER_UP
                var messageName = ""
                var attribute = at + 32
                while attribute + 4 <= at + length {
                    let size = u16(attribute)
                    guard size >= 4, attribute + size <= at + length else { break }
                    let kind = u16(attribute + 2) & 0x3FFF
                    if size >= 5, kind == 16 {  // IFLA_OPERSTATE
                        let value = Int(bytes[attribute + 4])
                        operstate = value < operstates.count ? operstates[value] : "state \(value)"
                    } else if size >= 5, kind == 33 {  // IFLA_CARRIER
                        carrier = bytes[attribute + 4] != 0
                    } else if kind == 3 {  // IFLA_IFNAME, NUL-terminated
                        messageName = String(
                            decoding: bytes[(attribute + 4)..<(attribute + size)].prefix { $0 != 0 }, as: UTF8.self)
                    }
                    attribute += (size + 3) & ~3
                }
                if messageIndex == index || (!name.isEmpty && messageName == name) {
                    changes.append(
                        LinkStateChange(
                            timeNs: timeNs, adminUp: flags & 0x1 != 0, carrier: carrier, operstate: operstate,
                            removed: type == 17, index: messageIndex))
                }
            }
            at += (length + 3) & ~3
        }
        return changes
    }
}
