/// A transport that runs a driver's clean-up (remove the copied agent, drop a port forward) once,
/// after the wrapped channel is closed.
final class TeardownTransport: AgentTransport, @unchecked Sendable {
    private let inner: any AgentTransport
    private let teardown: Teardown

    init(_ inner: any AgentTransport, teardown: @escaping @Sendable () -> Void) {
        self.inner = inner
        self.teardown = Teardown(teardown)
    }

    var endpoint: String { inner.endpoint }

    func send(line: String) throws(AgentError) { try inner.send(line: line) }

    func receiveLine(timeout: Double) throws(AgentError) -> String { try inner.receiveLine(timeout: timeout) }

    func close() {
        inner.close()
        teardown.runOnce()
    }

    func diagnosticTail() -> String { inner.diagnosticTail() }

    deinit { close() }
}
