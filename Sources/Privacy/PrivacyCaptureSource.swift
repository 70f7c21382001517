import Harness

/// Where the traffic of a remote device comes from during its privacy session.
public enum PrivacyCaptureSource: Sendable, Equatable, CustomStringConvertible {
    /// Lab gateway mode: the harness captures on `interface` (the device's only link, which the
    /// harness machine serves as gateway) from before the session to after it; it never sends.
    case gateway(interface: String)
    /// A classic pcap recorded by the lab on the device's link, read after the session; it must
    /// cover the whole session (e.g. `tcpdump -U -i IFACE -w FILE` started before `aitc certify`).
    case labPcap(path: String)

    public var description: String {
        switch self {
        case .gateway(let interface): return "gateway capture on \(interface)"
        case .labPcap(let path): return "lab pcap \(path)"
        }
    }
}
