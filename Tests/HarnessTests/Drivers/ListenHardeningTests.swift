import Foundation
import TestSupport
import Testing

@testable import Harness

#if canImport(Glibc)
import Glibc
#endif

/// The tcp agent (`aitc-agent --listen`) against hostile clients on loopback: a client that drips its
/// auth line, a flood of idle connections, a token guesser, and start-up refusals of weak secrets and
/// bad addresses. Bounds are generous (a loaded 2-core machine) and compared with what the attack
/// would cost without the defence (minutes, or hundreds of guesses).
@Suite("tcp agent under hostile clients")
struct ListenHardeningTests {
    /// A raw connection that sends `text` and returns the first reply line (or "" when closed).
    private static func exchange(port: Int, _ text: String, timeout: Double = 10) throws -> String {
        let fd = try SocketConnector.connect(host: "127.0.0.1", port: port, timeout: 5, endpoint: "test")
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var reader = LineReader(fd: fd, maxLineBytes: 1 << 16)
        do { return try reader.readLine(timeout: timeout, endpoint: "test") } catch { return "" }
    }

    /// A TCP connection to 127.0.0.1:port that is started but never waited for (non-blocking connect).
    private static func idleConnection(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return -1 }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return fd
    }

    @Test func aClientDrippingItsAuthLineIsCutOffAndDoesNotBlockOthers() throws {
        let agent = try ListeningAgent(sessions: 1)
        let fd = try SocketConnector.connect(host: "127.0.0.1", port: agent.port, timeout: 5, endpoint: "test")
        defer { close(fd) }
        // One byte every 500 ms: each read arrives well inside any per-read timeout, so only a deadline
        // on the whole handshake ends it.
        let prefix =
            Array("{\"id\":0,\"op\":\"auth\",\"token\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)
        let dripper = Thread {
            for byte in prefix {
                var b = byte
                if send(fd, &b, 1, Int32(MSG_NOSIGNAL)) != 1 { return }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        dripper.start()
        Thread.sleep(forTimeInterval: 1)
        // Meanwhile the right client authenticates at once (before: it waited behind the dripper).
        let started = Date()
        let client = AgentClient(
            transport: try TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token).connect())
        let waited = Date().timeIntervalSince(started)
        #expect(waited < 5, "a legitimate client waited \(waited) s behind a dripping one")
        #expect(try client.hello().protocol == 1)
        client.bye()
        agent.process.waitUntilExit()

        // And the dripper is cut off by the handshake deadline (10 s from connect), not after 100 s of dripping.
        let agent2 = try ListeningAgent(sessions: 1)
        let fd2 = try SocketConnector.connect(host: "127.0.0.1", port: agent2.port, timeout: 5, endpoint: "test")
        defer { close(fd2) }
        let connected = Date()
        var cutAt: Double?
        for byte in prefix {
            var b = byte
            if send(fd2, &b, 1, Int32(MSG_NOSIGNAL)) != 1 {
                cutAt = Date().timeIntervalSince(connected)
                break
            }
            var probe = pollfd(fd: fd2, events: Int16(POLLIN), revents: 0)
            if poll(&probe, 1, 500) > 0 {
                cutAt = Date().timeIntervalSince(connected)
                break
            }
        }
        let cut = try #require(cutAt, "the dripping client was never cut off")
        #expect(cut >= 9 && cut < 30, "cut off after \(cut) s; the deadline is 10 s for the whole auth line")
        var reader = LineReader(fd: fd2, maxLineBytes: 1 << 16)
        let line = (try? reader.readLine(timeout: 5, endpoint: "test")) ?? ""
        #expect(line.contains("auth_required") && line.contains("10 s"), "\(line)")
    }

    @Test func twoHundredIdleConnectionsDoNotDelayALegitimateClient() throws {
        let agent = try ListeningAgent(sessions: 1)
        var idle: [Int32] = []
        defer { idle.forEach { if $0 >= 0 { close($0) } } }
        for _ in 0..<200 { idle.append(Self.idleConnection(port: agent.port)) }
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        let client = AgentClient(
            transport: try TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token).connect())
        #expect(try client.hello().protocol == 1)
        let waited = Date().timeIntervalSince(started)
        // Before: served one at a time, 10 s each (19.8 s measured for 200); now a handful of ms.
        #expect(waited < 5, "the legitimate client needed \(waited) s to authenticate behind 200 idle connections")
        client.bye()
    }

    /// A blocking TCP connection to 127.0.0.1:port from the loopback address `source` (any 127/8
    /// address is this machine's, so each stands for another peer).
    private static func connection(from source: String, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, size) }
        }
        guard fd >= 0, bound == 0, connected == 0 else {
            if fd >= 0 { close(fd) }
            throw AgentError(.unreachable, "cannot connect from \(source): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    @Test func aFifthPendingConnectionFromOneAddressClosesItsOldestNotAnotherPeers() throws {
        let agent = try ListeningAgent(sessions: 1)
        let perPeer = 4  // LISTEN_MAX_PER_PEER, pinned to the doc by theDocumentedFiguresAreTheCodes
        var first: [Int32] = []
        defer { first.forEach { close($0) } }
        for _ in 0..<perPeer { first.append(try Self.connection(from: "127.0.0.2", port: agent.port)) }
        let other = try Self.connection(from: "127.0.0.3", port: agent.port)
        defer { close(other) }
        let fifth = try Self.connection(from: "127.0.0.2", port: agent.port)
        defer { close(fifth) }
        // The oldest from 127.0.0.2 is told why and closed once the fifth is taken in.
        var reader = LineReader(fd: first[0], maxLineBytes: 1 << 16)
        let line = (try? reader.readLine(timeout: 10, endpoint: "test")) ?? ""
        #expect(line.contains("too many unauthenticated connections from this address"), "\(line)")
        // The others from that address, and the other peer's, are still waiting for their auth line.
        for fd in Array(first.dropFirst()) + [fifth, other] {
            var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            #expect(poll(&probe, 1, 200) == 0, "a connection within the limits was closed")
        }
        // And one of them can still authenticate.
        let auth = "{\"id\":0,\"op\":\"auth\",\"token\":\"\(agent.token)\"}\n"
        _ = Array(auth.utf8).withUnsafeBytes { send(other, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var otherReader = LineReader(fd: other, maxLineBytes: 1 << 16)
        #expect(((try? otherReader.readLine(timeout: 10, endpoint: "test")) ?? "").contains("accepted"))
    }

    @Test func wrongTokensEarnAnExponentialBackOff() throws {
        let agent = try ListeningAgent(sessions: 1)
        let started = Date()
        var checked = 0
        var deferred = 0
        for _ in 0..<40 {
            let reply = try Self.exchange(
                port: agent.port, "{\"id\":0,\"op\":\"auth\",\"token\":\"guess-0123456789abcdef\"}\n")
            if reply.contains("\"message\":\"wrong token\"") { checked += 1 }
            if reply.contains("retry in") { deferred += 1 }
        }
        let elapsed = Date().timeIntervalSince(started)
        // Back-off 250 ms doubling per wrong token: within t seconds at most log2(4t + 1) + 1 tokens are
        // looked at, however fast the guesser is (before: all 40, at 3,400 guesses/s).
        let bound = Int(log2(4 * elapsed + 1)) + 1
        #expect(checked >= 1 && checked <= bound, "\(checked) tokens checked in \(elapsed) s; bound \(bound)")
        #expect(deferred == 40 - checked, "the rest were refused unchecked, saying when to retry")
    }

    private static func start(_ arguments: [String]) throws -> (status: Int32, stderr: String, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try AgentLocator.hostAgent())
        process.arguments = arguments
        let err = Pipe()
        let out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, stderr, stdout)
    }

    @Test func aWeakTokenIsRefusedAtStart() throws {
        let folder = try TemporaryFolder()
        let weak = try folder.writeSecret("weak", String(repeating: "a", count: 16) + "\n")
        let result = try Self.start(["--listen", "127.0.0.1:0", "--token-file", weak, "--sessions", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("too weak") && result.stderr.contains("distinct"), "\(result.stderr)")
        #expect(!result.stdout.contains("listening"))
        let short = try Self.start(["--listen", "127.0.0.1:0", "--token", "abc123", "--sessions", "1"])
        #expect(short.status == 2 && short.stderr.contains("16"), "\(short.stderr)")
    }

    @Test func aTokenFileOthersCanReadIsRefusedAtStart() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("token", "test-token-0123456789abcdef\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let result = try Self.start(["--listen", "127.0.0.1:0", "--token-file", file, "--sessions", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("group or others") && result.stderr.contains("chmod 600"), "\(result.stderr)")
        #expect(!result.stdout.contains("listening"))
    }

    @Test(arguments: ["127.0.0.1:99999", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:8o", "127.0.0.1:"])
    func aPortOutOfRangeIsRefusedNotReplaced(listen: String) throws {
        let folder = try TemporaryFolder()
        let file = try folder.writeSecret("token", "test-token-0123456789abcdef\n")
        let result = try Self.start(["--listen", listen, "--token-file", file, "--sessions", "1"])
        #expect(result.status == 2, "\(listen): \(result.stderr)")
        #expect(result.stderr.contains("--listen"), "\(result.stderr)")
        #expect(!result.stdout.contains("listening"), "\(listen) must not bind another port: \(result.stdout)")
    }

    @Test func theAgentServesOnlyItsRootsOverTCP() throws {
        let outside = try TemporaryFolder()
        let secret = try outside.write("secret.bin", "root-only secret\n")
        let digest = FileDigest.sha256(file: secret) ?? ""
        let agent = try ListeningAgent(sessions: 1, roots: [ProjectRoot.path])
        let client = AgentClient(
            transport: try TCPDriver(host: "127.0.0.1", port: agent.port, token: agent.token).connect())
        _ = try client.hello()
        for path in [secret, "\(ProjectRoot.path)/../../../../..\(secret)"] {
            do {
                _ = try client.loadModel(
                    handle: "m", path: path, sha256: String(repeating: "0", count: 64), backend: "reference",
                    accelerator: "cpu", threads: 1)
                Issue.record("\(path) must be refused")
            } catch {
                #expect(error.agentCode == "not_found" || error.agentCode == "bad_request", "\(error.message)")
                #expect(!error.message.contains(digest), "the refusal must not tell the file's digest")
            }
        }
        client.bye()
    }

    /// Docs/drivers.md states the listener's figures; they must be the ones the code uses.
    @Test func theDocumentedFiguresAreTheCodes() throws {
        func define(_ name: String, in file: String) throws -> Int {
            let text = try String(contentsOfFile: "\(ProjectRoot.path)/Sources/aitc-agent/\(file)", encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("#define \(name) ") })
            return try #require(Int(line.split(separator: " ")[2]))
        }
        let doc = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/drivers.md", encoding: .utf8)
        let pending = try define("LISTEN_MAX_PENDING", in: "listen.h")
        let perPeer = try define("LISTEN_MAX_PER_PEER", in: "listen.h")
        let timeout = try define("LISTEN_AUTH_TIMEOUT_S", in: "listen.h")
        let backlog = try define("LISTEN_BACKLOG", in: "listen.h")
        let distinct = try define("LISTEN_TOKEN_MIN_DISTINCT", in: "listen.h")
        let base = try define("LISTEN_BACKOFF_BASE_MS", in: "listen_peers.h")
        let cap = try define("LISTEN_BACKOFF_MAX_MS", in: "listen_peers.h")
        let peers = try define("LISTEN_PEERS_MAX", in: "listen_peers.h")
        let roots = try define("CONFINE_MAX_ROOTS", in: "confine.h")
        for claim in [
            "up to **\(pending)** unauthenticated connections", "at most **\(perPeer)** from one peer address",
            "**\(timeout) s from accept for its whole auth line**", "Backlog \(backlog).",
            "at least \(distinct) distinct",
            "within \(base) ms × 2^(k−1) (capped at \(cap / 1000) s)", "up to \(peers) addresses",
            "repeatable, up to \(roots)",
        ] {
            #expect(doc.contains(claim), "Docs/drivers.md should say: \(claim)")
        }
    }
}
