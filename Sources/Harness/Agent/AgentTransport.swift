/// A bidirectional line channel to a device agent: one JSON object per line.
///
/// Every driver (local subprocess, tcp socket, qemu, adb, ssh) ends in one of these, so the
/// agent protocol client is written once.
public protocol AgentTransport: AnyObject, Sendable {
    /// A short description of where the agent runs, for messages ("local pid 1234").
    var endpoint: String { get }

    /// Sends one line (without the trailing newline).
    func send(line: String) throws(AgentError)

    /// Receives the next line, waiting at most `timeout` seconds.
    func receiveLine(timeout: Double) throws(AgentError) -> String

    /// Closes the channel and releases the agent (terminating it if it is still running).
    func close()

    /// What the agent wrote to its diagnostic stream, last lines first kept, for error messages.
    func diagnosticTail() -> String
}
