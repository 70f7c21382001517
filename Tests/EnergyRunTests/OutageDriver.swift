@testable import Harness

/// The local agent, whose session the test can lose once through an ``OutageSwitch``.
struct OutageDriver: DeviceDriver {
    let spec = DeviceSpec.local
    let emulated = false
    let agentPath: String
    let outage: OutageSwitch

    func connect() throws(AgentError) -> any AgentTransport {
        let transport = try ProcessTransport(executable: agentPath)
        outage.started(transport.processIdentifier)
        return transport
    }

    func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }
}
