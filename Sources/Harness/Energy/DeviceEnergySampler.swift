import Foundation

/// Starts and stops the agent's own sampling thread through the `energy` op (`action` `start` /
/// `stop`, Docs/agent-protocol.md). Readings are stamped on the device clock.
public struct DeviceEnergySampler: Sendable {
    /// Request ids of this sampler, apart from the client's own sequence.
    private static let idBase = 900_000_000
    private let client: AgentClient

    /// Wraps a connected, handshaken client.
    public init(client: AgentClient) { self.client = client }

    /// Starts sampling every readable source `hz` times a second.
    public func start(hz: Int) throws(AgentError) {
        _ = try exchange(["action": "start", "sample_hz": hz], as: Started.self)
    }

    /// Stops sampling and returns every reading.
    public func stop() throws(AgentError) -> DeviceEnergyCapture {
        try exchange(["action": "stop"], as: DeviceEnergyCapture.self)
    }

    private func exchange<Reply: Decodable>(_ params: [String: Any], as type: Reply.Type) throws(AgentError) -> Reply {
        let id = Self.idBase + Int(MonotonicClock.now() % 1_000_000)
        var message = params
        message["id"] = id
        message["op"] = "energy"
        guard let data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) else {
            throw AgentError(.protocolViolation, "could not encode the energy request")
        }
        let line = try client.exchangeRaw(String(decoding: data, as: UTF8.self), timeout: 60)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let envelope = try? decoder.decode(Envelope.self, from: Data(line.utf8)), envelope.id == id else {
            throw AgentError(.protocolViolation, "\(client.endpoint) sent a malformed energy reply: \(line.prefix(200))")
        }
        guard envelope.ok else {
            throw AgentError(.agentRefused, envelope.error?.message ?? "no message", agentCode: envelope.error?.code ?? "unknown")
        }
        do {
            return try decoder.decode(Reply.self, from: Data(line.utf8))
        } catch {
            throw AgentError(.protocolViolation, "\(client.endpoint) sent an energy reply this harness cannot read: \(error)")
        }
    }

    private struct Envelope: Decodable {
        struct Failure: Decodable {
            let code: String
            let message: String
        }
        let id: Int?
        let ok: Bool
        let error: Failure?
    }

    private struct Started: Decodable {
        let sampling: Bool
    }
}
