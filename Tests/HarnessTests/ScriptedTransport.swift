import Foundation

@testable import Harness

/// A transport that answers from a script, for unit tests of the protocol client (never in the main path).
final class ScriptedTransport: AgentTransport, @unchecked Sendable {
    let endpoint = "scripted agent"
    private var replies: [String]
    private(set) var sent: [String] = []

    init(replies: [String]) {
        self.replies = replies
    }

    func send(line: String) throws(AgentError) {
        sent.append(line)
    }

    func receiveLine(timeout: Double) throws(AgentError) -> String {
        guard !replies.isEmpty else { throw AgentError(.connectionLost, "script exhausted") }
        return replies.removeFirst()
    }

    func close() {}

    func diagnosticTail() -> String { "" }
}
