import Foundation
import Harness

#if canImport(Glibc)
import Glibc
#endif

/// The host's agent started as a child of the test, with extra environment variables (a fake sysfs
/// tree) and a hook told each new session's agent pid (to kill it: a device lost mid-run).
package struct LocalAgentDriver: DeviceDriver {
    package let spec = DeviceSpec.local
    package let emulated = false
    /// The agent executable (`AgentLocator.hostAgent()`).
    package let agentPath: String
    /// Added to the test's own environment for the agent; empty: the agent inherits the test's.
    package let extraEnvironment: [String: String]
    /// Called with the agent's pid each time a session starts.
    package let started: @Sendable (Int32) -> Void

    package init(
        agentPath: String, extraEnvironment: [String: String] = [:],
        started: @escaping @Sendable (Int32) -> Void = { _ in }
    ) {
        self.agentPath = agentPath
        self.extraEnvironment = extraEnvironment
        self.started = started
    }

    /// A driver whose agent is killed with SIGKILL `seconds` after each session starts.
    package static func killing(agentPath: String, after seconds: Double) -> LocalAgentDriver {
        LocalAgentDriver(agentPath: agentPath) { pid in
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { _ = kill(pid, SIGKILL) }
        }
    }

    package func connect() throws(AgentError) -> any AgentTransport {
        let environment =
            extraEnvironment.isEmpty
            ? nil : ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }
        let transport = try ProcessTransport(executable: agentPath, environment: environment)
        started(transport.processIdentifier)
        return transport
    }

    package func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }
}
