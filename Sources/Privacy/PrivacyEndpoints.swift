import Harness

/// Where things are during an audit, for callers that configure the device (a fixture backend's
/// environment, a lab's gateway notes).
package struct PrivacyEndpoints: Sendable {
    /// The device's address inside its namespace.
    package let deviceAddress: String
    /// The sink's address: the device's default route and DNS server.
    package let sinkAddress: String
    /// The TCP/UDP port the sink accepts on.
    package let sinkPort: UInt16
    /// The parent folder of the agent's scratch directory.
    package let scratchParent: String
}
