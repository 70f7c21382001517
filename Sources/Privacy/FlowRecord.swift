import Harness

/// Per-flow counters of a capture: the 5-tuple, packets, bytes, first and last time.
package struct FlowRecord: Sendable, Equatable, CustomStringConvertible {
    package let proto: String
    package let source: String
    package let sourcePort: Int
    package let destination: String
    package let destinationPort: Int
    package internal(set) var packets: Int
    package internal(set) var bytes: Int
    package internal(set) var firstNs: Int64
    package internal(set) var lastNs: Int64
    /// Whether the device sent this flow's packets.
    package let fromDevice: Bool

    /// `udp 10.250.3.1:40112 > 10.250.3.2:53`.
    package var tuple: String {
        sourcePort == 0 && destinationPort == 0
            ? "\(proto) \(source) > \(destination)"
            : "\(proto) \(source):\(sourcePort) > \(destination):\(destinationPort)"
    }

    package var description: String {
        "\(fromDevice ? "device" : "peer  ") \(tuple): \(packets) packets, \(bytes) bytes, \(String(format: "%.6f", Double(lastNs - firstNs) / 1e9)) s"
    }
}
