import Foundation

/// Finds the `aitc-agent` executable under test.
///
/// Order: `AITC_AGENT`; `aitc-agent` beside the running test bundle (SwiftPM puts every product of a
/// build in one folder); then `<scratch>/debug/aitc-agent` in any `.build*` folder of the package root.
enum AgentBinary {
    struct NotFound: Error, CustomStringConvertible {
        let description: String
    }

    static func path(filePath: String = #filePath) throws -> String {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["AITC_AGENT"], !env.isEmpty {
            guard fm.isExecutableFile(atPath: env) else {
                throw NotFound(description: "AITC_AGENT=\(env) is not an executable file")
            }
            return env
        }
        let executable = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let beside = ((executable as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "aitc-agent")
        if fm.isExecutableFile(atPath: beside) {
            return beside
        }
        // Tests/AgentTests/AgentBinary.swift → package root is three levels up.
        var root = URL(fileURLWithPath: filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let entries = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        for entry in entries.sorted() where entry == ".build" || entry.hasPrefix(".build-") {
            let candidate = root.appendingPathComponent(entry).appendingPathComponent("debug/aitc-agent").path
            if fm.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw NotFound(
            description: "aitc-agent not found beside \(executable) nor in \(root.path)/.build*/debug; "
                + "build it with `swift build --product aitc-agent` or set AITC_AGENT")
    }
}
