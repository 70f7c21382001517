import ChildProcesses
import Foundation
import TestSupport

@testable import Harness

#if canImport(Glibc)
import Glibc
#endif

/// A device namespace (created here) joined to the test's namespace by one veth pair, with the
/// agent listening inside it: `cut()` takes the device's end down, as a pulled cable or a dead Wi-Fi
/// link would (no reset, no error: packets just stop), `restore()` brings it back. Addresses
/// 10.251.N.1 (harness) and .2 (device) exist only on this pair.
final class CuttableLink: @unchecked Sendable {
    let namespace: String
    let deviceAddress: String
    private let hostInterface: String
    private let deviceInterface: String
    private var agent: ChildProcess?
    private var tokenFolder: TemporaryFolder?

    /// Whether the test can run here: root and iproute2 (Tools/bootstrap.sh).
    static var available: Bool {
        getuid() == 0 && ProgramLookup.find("ip", path: "/usr/sbin:/sbin:/usr/bin:/bin") != nil
    }

    init() throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let octet = Int.random(in: 1...254)
        namespace = "aitc-cut-\(tag)"
        hostInterface = "aitcch\(tag)".prefix(15).description
        deviceInterface = "aitccd\(tag)".prefix(15).description
        deviceAddress = "10.251.\(octet).2"
        do {
            try Self.ip(["netns", "add", namespace])
            try Self.ip(["-n", namespace, "link", "set", "lo", "up"])
            try Self.ip([
                "link", "add", hostInterface, "type", "veth", "peer", "name", deviceInterface, "netns", namespace,
            ])
            try Self.ip(["addr", "add", "10.251.\(octet).1/30", "dev", hostInterface])
            try Self.ip(["link", "set", hostInterface, "up"])
            try Self.ip(["-n", namespace, "addr", "add", "\(deviceAddress)/30", "dev", deviceInterface])
            try Self.ip(["-n", namespace, "link", "set", deviceInterface, "up"])
        } catch {
            teardown()
            throw error
        }
    }

    /// Starts `aitc-agent --listen` in the namespace (with a token file of its own), serving the
    /// checkout, with `extraArguments` (more `--root`s, `--device-key`), and returns its port and token.
    func startAgent(sessions: Int = 4, extraArguments: [String] = []) throws -> (port: Int, token: String) {
        let token = "cut-test-token-0123456789abcdef"
        tokenFolder = try TemporaryFolder()
        let tokenFile = try tokenFolder!.write("token", token + "\n")
        chmod(tokenFile, 0o600)
        let agent = try ChildProcess(
            executable: "/usr/sbin/ip",
            arguments: [
                "netns", "exec", namespace, try AgentLocator.hostAgent(), "--listen", "\(deviceAddress):0",
                "--token-file", tokenFile,
                "--sessions", String(sessions), "--root", ProjectRoot.path,
            ] + extraArguments, output: .pipe)
        self.agent = agent
        var reader = LineReader(fd: agent.outputDescriptor, maxLineBytes: 4096)
        let line = try reader.readLine(timeout: 20, endpoint: "agent in \(namespace)")
        guard line.hasPrefix("listening \(deviceAddress):"), let port = Int(line.split(separator: ":").last ?? "")
        else {
            throw AgentError(.protocolViolation, "unexpected announce line: \(line)")
        }
        return (port, token)
    }

    /// Takes the device's end of the link down: nothing crosses, nothing is reset.
    func cut() throws { try Self.ip(["-n", namespace, "link", "set", deviceInterface, "down"]) }

    /// Brings the device's end back up.
    func restore() throws { try Self.ip(["-n", namespace, "link", "set", deviceInterface, "up"]) }

    func teardown() {
        agent?.stop(grace: 0.5)
        _ = try? Self.ip(["netns", "del", namespace])
        _ = try? Self.ip(["link", "del", hostInterface])
    }

    deinit { teardown() }

    private static func ip(_ arguments: [String]) throws {
        let result = try Command("/usr/sbin/ip", arguments).run(timeout: 20)
        guard result.exit.succeeded else {
            throw AgentError(.unreachable, "ip \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }
}
