import Foundation

@testable import Harness

/// The local agent with `AITC_SYSFS_ROOT` pointing at a fake sysfs tree.
struct FakeSysfsDriver: DeviceDriver {
    let spec = DeviceSpec.local
    let emulated = false
    let agentPath: String
    let sysfsRoot: String

    func connect() throws(AgentError) -> any AgentTransport {
        var environment = ProcessInfo.processInfo.environment
        environment["AITC_SYSFS_ROOT"] = sysfsRoot
        return try ProcessTransport(executable: agentPath, environment: environment)
    }

    func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }
}
