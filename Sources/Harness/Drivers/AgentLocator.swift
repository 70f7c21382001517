import Foundation

/// Finds the `aitc-agent` executable built for this machine.
public enum AgentLocator {
    /// `AITC_AGENT` if set, else `aitc-agent` beside the running executable (SwiftPM puts every
    /// product of a build, test bundles included, in one folder).
    public static func hostAgent() throws(AgentError) -> String {
        if let path = ProcessInfo.processInfo.environment["AITC_AGENT"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw AgentError(.unreachable, "AITC_AGENT=\(path) is not an executable file")
            }
            return path
        }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let folder = (executable as NSString).deletingLastPathComponent
        let candidate = (folder as NSString).appendingPathComponent("aitc-agent")
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw AgentError(
                .unreachable, "aitc-agent not found at \(candidate): build it with `swift build` or set AITC_AGENT")
        }
        return candidate
    }
}
