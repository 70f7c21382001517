import ChildProcesses
import Foundation

/// Runs a helper program on the harness host (adb, ssh, scp, the cross-build script) with a time
/// limit and returns what it printed.
struct HostCommand: Sendable {
    /// The program (a path, or a name looked up in PATH).
    let executable: String
    /// Extra environment entries.
    var environment: [String: String] = [:]

    /// The result of one invocation.
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The harness's environment with `environment` on top.
    var fullEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }

    /// Runs `executable arguments…`, waiting at most `timeout` seconds (then its process group is
    /// killed and reaped). Throws `.unreachable` when it cannot start, does not finish in time, or
    /// (with `check`) does not exit with status 0.
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 60, check: Bool = true) throws(AgentError) -> Output {
        let command = Command(executable, arguments, environment: fullEnvironment)
        let result: CommandOutput
        do {
            result = try command.run(timeout: timeout)
        } catch {
            let said = Self.lastWords(error.partialOutput?.stderr ?? "")
            throw AgentError(.unreachable, error.message + (said.isEmpty ? "" : "; it said: \(said)"))
        }
        let status: Int32
        switch result.exit {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        if check && !result.exit.succeeded {
            let said = Self.lastWords(result.stderr)
            throw AgentError(.unreachable, "`\(command.shown)` \(result.exit)\(said.isEmpty ? "" : ": \(said)")")
        }
        return Output(status: status, stdout: result.stdout, stderr: result.stderr)
    }

    /// The end of a diagnostic stream for a one-line message: its last three non-empty lines,
    /// joined with "; ", at most 400 characters.
    static func lastWords(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        return String(lines.suffix(3).joined(separator: "; ").suffix(400))
    }
}
