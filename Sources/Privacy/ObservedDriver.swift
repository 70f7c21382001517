import Harness

/// A local or emulated device's driver whose agent starts inside the privacy sandbox on the
/// observed link (``TimedRunObservation``); when the observation cannot start, the inner driver
/// connects as usual (and the observation says why).
struct ObservedDriver: DeviceDriver {
    let inner: any SubprocessDriver
    let observation: TimedRunObservation

    var spec: DeviceSpec { inner.spec }
    var emulated: Bool { inner.emulated }

    func connect() throws(AgentError) -> any AgentTransport {
        if let transport = try observation.transport(for: inner.agentCommand) { return transport }
        return try inner.connect()
    }

    func stage(_ file: AssetFile) throws(AgentError) -> String { try inner.stage(file) }

    func identity() -> DriverIdentity { inner.identity() }
}
