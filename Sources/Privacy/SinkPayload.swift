import Harness

/// Bytes the sink received from the device on one TCP connection or UDP datagram.
package struct SinkPayload: Sendable, Equatable {
    /// `tcp 10.250.3.1:40112` or `udp 10.250.3.1:40112`.
    package let peer: String
    package let bytes: [UInt8]
}
