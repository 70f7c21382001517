import ChildProcesses
import Foundation

/// Runs a helper program (`ip`, an erase command) with a bounded time and captures its output.
struct ShellCommand: Sendable {
    let executable: String
    let arguments: [String]
    /// Seconds before the command is killed.
    var timeout: Double = 20

    /// The folders searched for system tools, in order.
    static let searchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"]

    /// The full path of `name` in the system folders, or nil.
    static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return searchPath.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the command; returns its standard output or throws with its standard error.
    @discardableResult
    func run() throws(PrivacyError) -> String {
        let command = Command(executable, arguments)
        let result: CommandOutput
        do {
            result = try command.run(timeout: timeout)
        } catch {
            throw .commandFailed(error.message)
        }
        guard result.exit.succeeded else {
            let detail = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .commandFailed("`\(command.shown)` \(result.exit): \(detail.isEmpty ? "no message" : detail)")
        }
        return result.stdout
    }
}
