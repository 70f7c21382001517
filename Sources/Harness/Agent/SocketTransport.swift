import Foundation
import Locking
import Metering

#if canImport(Glibc)
import Glibc
#endif

/// Talks to a device agent listening on TCP (`aitc-agent --listen`): connects, authenticates with
/// the session token, then carries protocol lines.
///
/// A dropped connection surfaces as ``AgentError/Code/connectionLost``: at once when the peer
/// closes or resets (EOF, `ECONNRESET`), within about 11 s when the device vanishes (TCP keepalive
/// 5 s + 3 × 2 s), and at the latest when a reply misses its request timeout.
package final class SocketTransport: AgentTransport, @unchecked Sendable {
    package let endpoint: String
    private let fd: Int32
    /// The reader and whether the socket is closed: a read holds it for its whole wait, so
    /// `close()` never closes the descriptor under a reader.
    private let reading: Locked<ReadState>
    private typealias ReadState = (reader: LineReader, closed: Bool)
    /// The sending side of the same socket, one line at a time.
    private let sending: Locked<LineChannel>

    /// Connects to `host:port` within `connectTimeout` seconds and authenticates with `token`.
    package init(host: String, port: Int, token: String, connectTimeout: Double = 10) throws(AgentError) {
        let endpoint = "tcp://\(host):\(port)"
        let fd = try SocketConnector.connect(host: host, port: port, timeout: connectTimeout, endpoint: endpoint)
        self.fd = fd
        self.endpoint = endpoint
        self.reading = Locked((LineReader(fd: fd), false))
        self.sending = Locked(LineChannel(fd: fd, maxLineBytes: 0))
        signal(SIGPIPE, SIG_IGN)
        do {
            try authenticate(token: token, timeout: connectTimeout)
        } catch {
            close()
            throw error
        }
    }

    private func authenticate(token: String, timeout: Double) throws(AgentError) {
        let message: [String: Any] = ["id": 0, "op": "auth", "token": token]
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) } catch {
            throw AgentError(.protocolViolation, "could not encode the auth request: \(error)")
        }
        try send(line: String(decoding: data, as: UTF8.self))
        let reply: String
        do {
            reply = try receiveLine(timeout: timeout)
        } catch  where error.code == .timeout {
            throw AgentError(
                .unreachable,
                "\(endpoint) did not answer the auth request within \(timeout) s (busy with another session?)")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(reply.utf8))) as? [String: Any]
        guard let object, let ok = object["ok"] as? Bool else {
            throw AgentError(.protocolViolation, "\(endpoint) answered the auth request with: \(reply.prefix(200))")
        }
        guard ok else {
            let failure = object["error"] as? [String: Any]
            let code = failure?["code"] as? String ?? "unknown"
            throw AgentError(
                .unreachable,
                "\(endpoint) refused the session (\(code): \(failure?["message"] as? String ?? "")); check the token "
                    + "(AITC_DEVICE_TOKEN or ?token_file=) matches the agent's --token-file",
                agentCode: code)
        }
    }

    package func send(line: String) throws(AgentError) {
        try sending.withLock { (channel: inout LineChannel) throws(AgentError) in
            do throws(LineFailure) { try channel.sendLine(line, timeout: ProcessTransport.sendTimeout) } catch {
                throw AgentError(.connectionLost, "\(endpoint): \(error.description)")
            }
        }
    }

    package func receiveLine(timeout: Double) throws(AgentError) -> String {
        try reading.withLock { (state: inout ReadState) throws(AgentError) -> String in
            do throws(AgentError) {
                return try state.reader.readLine(timeout: timeout, endpoint: endpoint)
            } catch  where error.code == .connectionLost {
                throw AgentError(.connectionLost, "\(error.message) — the agent stopped or the network dropped")
            }
        }
    }

    package func close() {
        reading.withLock { state in
            if state.closed { return }
            state.closed = true
            shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    package func diagnosticTail() -> String { "" }

    deinit { close() }
}
