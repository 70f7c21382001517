import Harness
import Privacy

/// Ethernet/IPv4 frames as a lab capture of a device's link shows them: the harness's control
/// connection to the agent, ARP with the harness, and whatever the device sends on its own.
enum LinkFrames {
    /// A TCP frame with `flags` (0x02 SYN, 0x10 ACK, 0x01 FIN) and `payload`.
    static func tcp(from: [UInt8], to: [UInt8], ports: (UInt16, UInt16), flags: UInt8, payload: [UInt8] = []) -> [UInt8]
    {
        let header: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 0, 0x50, flags, 0xFF, 0xFF, 0, 0, 0, 0]
        return PrivacyPrimitiveTests.ipv4Frame(
            protocol: 6, from: from, to: to, ports: ports, transport: header + payload)
    }

    /// An ARP request from `sender` for `target`.
    static func arp(sender: [UInt8], target: [UInt8]) -> [UInt8] {
        let ethernet: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 2, 0x08, 0x06]
        let body: [UInt8] = [0, 1, 8, 0, 6, 4, 0, 1] + [2, 0, 0, 0, 0, 2] + sender + [0, 0, 0, 0, 0, 0] + target
        return ethernet + body
    }

    /// A whole control session between `harness` and the agent at `device`:`port`, opened at
    /// `openNs` and closed at `closeNs`, with a request and a reply in between.
    static func controlSession(
        device: [UInt8], harness: [UInt8], port: UInt16, openNs: Int64, closeNs: Int64
    ) -> [CapturedFrame] {
        let client: UInt16 = 40_000
        let mid = (openNs + closeNs) / 2
        return [
            frame(openNs, arp(sender: harness, target: device)),
            frame(openNs + 1, arp(sender: device, target: harness)),
            frame(openNs + 2, tcp(from: harness, to: device, ports: (client, port), flags: 0x02)),
            frame(openNs + 3, tcp(from: device, to: harness, ports: (port, client), flags: 0x12)),
            frame(
                mid,
                tcp(
                    from: harness, to: device, ports: (client, port), flags: 0x18,
                    payload: Array("{\"id\":1,\"op\":\"hello\"}\n".utf8))),
            frame(
                mid + 1,
                tcp(
                    from: device, to: harness, ports: (port, client), flags: 0x18,
                    payload: Array("{\"id\":1,\"ok\":true}\n".utf8))),
            frame(closeNs, tcp(from: harness, to: device, ports: (client, port), flags: 0x11)),
        ]
    }

    static func frame(_ ns: Int64, _ bytes: [UInt8]) -> CapturedFrame {
        CapturedFrame(seconds: ns / 1_000_000_000, nanoseconds: ns % 1_000_000_000, bytes: bytes)
    }
}
