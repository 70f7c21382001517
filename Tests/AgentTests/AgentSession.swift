import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running `aitc-agent` subprocess spoken to over pipes, one JSON line at a time, with timeouts so
/// a hung agent fails the test instead of hanging it.
final class AgentSession {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private var buffer = Data()
    private var nextID = 1

    /// Starts the agent; `hello` is sent unless `handshake` is false.
    init(handshake: Bool = true, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: try AgentBinary.path())
        process.arguments = arguments
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        if handshake {
            let reply = try request(["op": "hello", "protocol": 1])
            guard reply["ok"] as? Bool == true else { throw Failure(description: "hello failed: \(reply)") }
        }
    }

    deinit {
        // End of input makes the agent exit; SIGKILL is the fallback for a hung one. (SIGTERM may be
        // blocked in children of a test runner, and waitUntilExit can wait forever.)
        try? stdinPipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends raw bytes followed by a newline.
    func sendLine(_ bytes: Data) throws {
        var line = bytes
        line.append(0x0A)
        try stdinPipe.fileHandleForWriting.write(contentsOf: line)
    }

    func sendLine(_ text: String) throws { try sendLine(Data(text.utf8)) }

    /// Sends a request object (an `id` is added unless present) and returns the parsed reply.
    func request(_ object: [String: Any], timeout: TimeInterval = 30) throws -> [String: Any] {
        var message = object
        if message["id"] == nil {
            message["id"] = nextID
            nextID += 1
        }
        try sendLine(try JSONSerialization.data(withJSONObject: message))
        return try readReply(timeout: timeout)
    }

    /// Reads one reply line and parses it as a JSON object.
    func readReply(timeout: TimeInterval = 30) throws -> [String: Any] {
        let line = try readLine(timeout: timeout)
        guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw Failure(description: "reply is not a JSON object: \(String(decoding: line, as: UTF8.self))")
        }
        return object
    }

    /// Reads bytes up to the next newline, failing after `timeout` seconds or at end of output.
    func readLine(timeout: TimeInterval = 30) throws -> Data {
        let deadline = Date().addingTimeInterval(timeout)
        let fd = stdoutPipe.fileHandleForReading.fileDescriptor
        var scanFrom = buffer.startIndex  // only new bytes are searched: a long reply is read in linear time
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                return Data(line)
            }
            scanFrom = buffer.endIndex
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Failure(description: "no reply within \(timeout) s") }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(remaining, 1) * 1000))
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { throw Failure(description: "agent closed its output (exit status pending)") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Closes the agent's input (end of file).
    func closeInput() throws { try stdinPipe.fileHandleForWriting.close() }

    /// Waits for the agent to exit and returns its status, failing after `timeout` seconds.
    func waitForExit(timeout: TimeInterval = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { throw Failure(description: "agent did not exit within \(timeout) s") }
            usleep(10_000)
        }
        return process.terminationStatus
    }
}

extension [String: Any] {
    /// The error code of a failure reply, or nil for a success.
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { ((self["error"] as? [String: Any])?["message"] as? String) ?? "" }
    var isOK: Bool { self["ok"] as? Bool == true }
    /// True when the reply's id is JSON null.
    var hasNullID: Bool { self["id"] is NSNull }
}
