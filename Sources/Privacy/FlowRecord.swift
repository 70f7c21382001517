import Harness

/// Per-flow counters of a capture: the 5-tuple, packets, bytes, first and last time.
package struct FlowRecord: Sendable, Equatable, CustomStringConvertible {
    public let proto: String
    public let source: String
    public let sourcePort: Int
    public let destination: String
    public let destinationPort: Int
    public internal(set) var packets: Int
    public internal(set) var bytes: Int
    public internal(set) var firstNs: Int64
    public internal(set) var lastNs: Int64
    /// Whether the device sent this flow's packets.
    public let fromDevice: Bool

    /// `udp 10.250.3.1:40112 > 10.250.3.2:53`.
    public var tuple: String {
        sourcePort == 0 && destinationPort == 0
            ? "\(proto) \(source) > \(destination)"
            : "\(proto) \(source):\(sourcePort) > \(destination):\(destinationPort)"
    }

    public var description: String {
        "\(fromDevice ? "device" : "peer  ") \(tuple): \(packets) packets, \(bytes) bytes, \(String(format: "%.6f", Double(lastNs - firstNs) / 1e9)) s"
    }
}
