import Foundation
import Harness

/// Starts and stops the agent's own sampling thread through the `energy` op (`action` `start` /
/// `stop`, Docs/agent-protocol.md). Readings are stamped on the device clock.
package struct DeviceEnergySampler: Sendable {
    private let client: AgentClient

    /// Wraps a connected, handshaken client.
    package init(client: AgentClient) { self.client = client }

    /// Starts sampling every readable source `hz` times a second.
    package func start(hz: Int) throws(AgentError) {
        _ = try exchange(["action": "start", "sample_hz": hz], as: Started.self)
    }

    /// Stops sampling and returns every reading.
    package func stop() throws(AgentError) -> DeviceEnergyCapture {
        try exchange(["action": "stop"], as: DeviceEnergyCapture.self)
    }

    private func exchange<Reply: Decodable>(_ params: [String: Any], as type: Reply.Type) throws(AgentError) -> Reply {
        try client.call("energy", params, as: type, timeout: 60)
    }

    private struct Started: Decodable {
        let sampling: Bool
    }
}
