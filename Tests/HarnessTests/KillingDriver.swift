import Foundation

@testable import Harness

#if canImport(Glibc)
import Glibc
#endif

/// A local driver whose agent is killed with SIGKILL a while after it starts: a device lost mid-run.
struct KillingDriver: DeviceDriver {
    let spec = DeviceSpec.local
    let emulated = false
    let agentPath: String
    let killAfter: Double

    func connect() throws(AgentError) -> any AgentTransport {
        let transport = try ProcessTransport(executable: agentPath)
        let pid = transport.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) { _ = kill(pid, SIGKILL) }
        return transport
    }

    func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }
}
