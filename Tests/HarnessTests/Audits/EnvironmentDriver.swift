import Foundation

@testable import Harness

/// A local driver that starts the agent with extra environment variables (the fixture's mode);
/// `emulated` marks it as an emulated device (what the qemu driver says), for the emulated rules.
struct EnvironmentDriver: DeviceDriver {
    let spec = DeviceSpec.local
    var emulated = false
    let agentPath: String
    let environment: [String: String]

    func connect() throws(AgentError) -> any AgentTransport {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try ProcessTransport(executable: agentPath, environment: merged)
    }

    func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }
}
