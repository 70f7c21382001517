/// Measures the device clock against the harness clock through the agent.
public struct ClockProbe: Sendable {
    /// Request/answer exchanges per burst.
    public let exchanges: Int

    /// A probe of `exchanges` exchanges.
    public init(exchanges: Int = 8) {
        self.exchanges = exchanges
    }

    /// Runs one burst of exchanges.
    public func burst(_ client: AgentClient) throws(AgentError) -> [ClockSample] {
        var samples: [ClockSample] = []
        for _ in 0..<exchanges {
            let send = MonotonicClock.now()
            let device = try client.clock()
            let receive = MonotonicClock.now()
            samples.append(ClockSample(hostSendNs: send, deviceNs: device, hostReceiveNs: receive))
        }
        return samples
    }
}
