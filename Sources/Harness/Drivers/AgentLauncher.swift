import ChildProcesses

/// Starts a remote `aitc-agent --listen` through a command that stays in the foreground (`adb
/// shell …`) and waits until the agent says where it listens.
final class AgentLauncher: @unchecked Sendable {
    private let child: ChildProcess

    /// Runs `command` and waits up to `timeout` s for a `listening HOST:PORT` line.
    init(_ command: HostCommand, arguments: [String], timeout: Double = 30) throws(AgentError) {
        do {
            child = try ChildProcess(
                executable: command.executable, arguments: arguments, environment: command.fullEnvironment,
                output: .pipe)
        } catch {
            throw AgentError(.unreachable, "cannot start the device agent: \(error.message)")
        }
        var reader = LineReader(fd: child.outputDescriptor, maxLineBytes: 4096)
        do throws(AgentError) {
            let line = try reader.readLine(timeout: timeout, endpoint: "the device agent")
            guard line.hasPrefix("listening ") else {
                throw AgentError(.unreachable, "the device agent did not start: \(line.prefix(200))")
            }
        } catch {
            stop()
            throw AgentError(.unreachable, "the device agent did not start listening: \(error.message)")
        }
    }

    /// Ends the foreground command and reaps it: the agent exits after its one session, which ends
    /// the command; one still running 2 s later is stopped.
    func stop() {
        if child.waitForExit(timeout: 2) == nil { child.stop(grace: 1) }
    }
}
