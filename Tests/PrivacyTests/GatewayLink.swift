import Foundation

@testable import Harness
@testable import Privacy

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A lab wiring in miniature: a "device" namespace (created here) whose only link is a veth pair;
/// the link's other end, in the test's own namespace, is the gateway interface the harness captures
/// on. Addresses 10.250.N.1 (device) and .2 (gateway) of a /29 exist only on this pair (.3–.6 are
/// the pool of ``dhcpExchange(in:)``). The agent listens on the device address; the device's
/// default route is the gateway. ``teardown()`` removes it all.
final class GatewayLink: @unchecked Sendable {
    let namespace: String
    let gatewayInterface: String
    let deviceAddress: String
    let gatewayAddress: String
    let deviceInterface: String
    private let ip: String
    private var agent: Process?
    private var listening = false
    private let stopFlag = StopFlag()

    init() throws {
        guard let ip = ShellCommand.locate("ip") else { throw PrivacyError.isolationUnavailable("no `ip` tool") }
        self.ip = ip
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let octet = Int.random(in: 1...254)
        namespace = "aitc-gwdev-\(tag)"
        gatewayInterface = "aitcgw\(tag)".prefix(15).description
        deviceAddress = "10.250.\(octet).1"
        gatewayAddress = "10.250.\(octet).2"
        deviceInterface = "aitcgd\(tag)".prefix(15).description
        do {
            try run(["netns", "add", namespace])
            try run([
                "netns", "exec", namespace, "/bin/sh", "-c",
                "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6",
            ])
            try run(["-n", namespace, "link", "set", "lo", "up"])
            try makePair()
            try run(["-n", namespace, "addr", "add", "\(deviceAddress)/29", "dev", deviceInterface])
            try run(["-n", namespace, "link", "set", deviceInterface, "up"])
            try run(["-n", namespace, "route", "add", "default", "via", gatewayAddress])
        } catch {
            teardown()
            throw error
        }
    }

    /// Starts `aitc-agent --listen` inside the device namespace (`sessions` sessions; nil: until
    /// killed) and returns its port.
    func startAgent(
        token: String, tokenFile: String, scratch: String, environment: [String: String], sessions: Int? = 1
    ) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments =
            [
                "netns", "exec", namespace, try AgentLocator.hostAgent(), "--listen", "\(deviceAddress):0",
                "--token-file",
                tokenFile, "--scratch", scratch, "--root", ProjectRoot.path,
                "--root", (scratch as NSString).deletingLastPathComponent,
            ] + (sessions.map { ["--sessions", "\($0)"] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        agent = process
        var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor, maxLineBytes: 4096)
        let line = try reader.readLine(timeout: 20, endpoint: "agent in \(namespace)")
        guard line.hasPrefix("listening \(deviceAddress):"), let port = Int(line.split(separator: ":").last ?? "")
        else {
            throw PrivacyError.deviceFailed("unexpected announce line: \(line)")
        }
        return port
    }

    /// A real DHCP exchange on the link, as a device joining the lab's network makes: BusyBox's
    /// `udhcpd` serves on the gateway interface (pool .3–.6), BusyBox's `udhcpc` runs in the device
    /// namespace until it holds a lease. Without `apply` its script is `/bin/true` (the device keeps
    /// its address); with it, the script puts the leased address on the device's interface, as a
    /// device after a reboot does. Returns the client's messages; throws when no lease was obtained.
    func dhcpExchange(in folder: String, apply: Bool = false) throws -> String {
        guard let busybox = ShellCommand.locate("busybox") else {
            throw PrivacyError.isolationUnavailable(
                "no `busybox` (udhcpd, udhcpc): Tools/bootstrap.sh installs the busybox package")
        }
        let prefix = deviceAddress.split(separator: ".").dropLast().joined(separator: ".")
        let config = "\(folder)/udhcpd.conf"
        try [
            "start \(prefix).3", "end \(prefix).6", "interface \(gatewayInterface)",
            "lease_file \(folder)/udhcpd.leases", "pidfile \(folder)/udhcpd.pid", "option subnet 255.255.255.248",
            "option lease 600", "",
        ].joined(separator: "\n").write(toFile: config, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: "\(folder)/udhcpd.leases", contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: busybox)
        server.arguments = ["udhcpd", "-f", config]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)  // the test process blocks SIGTERM, and children inherit the mask
            server.waitUntilExit()
        }
        usleep(300_000)
        let said = try ShellCommand(
            executable: ip,
            arguments: [
                "netns", "exec", namespace, "/bin/sh", "-c",
                "exec \(busybox) udhcpc -i \(deviceInterface) -f -q -n -t 5 -T 1 -s \(try leaseScript(in: folder, apply: apply)) 2>&1",
            ], timeout: 30
        ).run()
        guard said.contains("obtained") else { throw PrivacyError.commandFailed("udhcpc obtained no lease: \(said)") }
        return said
    }

    /// udhcpc's script: `/bin/true`, or one that puts the leased address (`$ip/$mask`) on the interface.
    private func leaseScript(in folder: String, apply: Bool) throws -> String {
        guard apply else { return "/bin/true" }
        let path = "\(folder)/udhcpc-bound.sh"
        try [
            "#!/bin/sh", "case \"$1\" in", "  bound|renew) exec \(ip) addr replace \"$ip/$mask\" dev \"$interface\" ;;",
            "esac",
            "exit 0", "",
        ].joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// The device reboots, as its link shows it: its interface goes down and its addresses and
    /// routes are flushed, it stays down `downSeconds`, comes back up, and gets a fresh lease from
    /// the lab's DHCP server (``dhcpExchange(in:apply:)``, the address applied). Processes in the
    /// namespace are left running: they stand for what the device keeps across the reboot (a
    /// backend's files on flash and the code that starts at boot). Returns udhcpc's messages.
    func reboot(in folder: String, downSeconds: Double = 1) throws -> String {
        try run(["-n", namespace, "link", "set", deviceInterface, "down"])
        try run(["-n", namespace, "addr", "flush", "dev", deviceInterface])
        usleep(UInt32(downSeconds * 1e6))
        try run(["-n", namespace, "link", "set", deviceInterface, "up"])
        return try dhcpExchange(in: folder, apply: true)
    }

    /// The device reboots behind a link that goes away with it, as USB tethering does: the veth
    /// pair is deleted (the gateway's interface disappears), stays gone `downSeconds`, and is made
    /// again under the same names (new interface indexes), the gateway's address put back; then
    /// the device gets a fresh lease. Returns udhcpc's messages.
    func replug(in folder: String, downSeconds: Double = 1) throws -> String {
        try run(["link", "del", gatewayInterface])
        usleep(UInt32(downSeconds * 1e6))
        try makePair()
        try run(["-n", namespace, "link", "set", deviceInterface, "up"])
        return try dhcpExchange(in: folder, apply: true)
    }

    /// The veth pair, its device end in the namespace, the gateway end up with its address and
    /// without IPv6 (the device's end has none: the namespace's default is off).
    private func makePair() throws {
        try run([
            "link", "add", gatewayInterface, "type", "veth", "peer", "name", deviceInterface, "netns", namespace,
        ])
        try? "1\n".write(
            toFile: "/proc/sys/net/ipv6/conf/\(gatewayInterface)/disable_ipv6", atomically: false, encoding: .utf8)
        try run(["addr", "add", "\(gatewayAddress)/29", "dev", gatewayInterface])
        try run(["link", "set", gatewayInterface, "up"])
    }

    /// Waits (bounded) until nothing runs in the device namespace any more — the agent after its
    /// last session, and whatever a backend left behind; false when `seconds` passed first.
    func awaitQuiet(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let pids =
                (try? ShellCommand(executable: ip, arguments: ["netns", "pids", namespace], timeout: 20).run()) ?? "?"
            if pids.split(whereSeparator: \.isWhitespace).isEmpty { return true }
            usleep(200_000)
        }
        return false
    }

    /// A TCP receiver on the gateway address (the lab's far side, not the capture): it accepts and
    /// reads to the end, so a leaking device's data crosses the link. Its thread stops at teardown
    /// or after `seconds`.
    func listenOnGateway(port: UInt16, seconds: Double = 300) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw PrivacyError.captureFailed("socket: \(errno)") }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, gatewayAddress, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw PrivacyError.captureFailed("cannot listen on \(gatewayAddress):\(port): \(errno)")
        }
        let stop = stopFlag
        let thread = Thread {
            let deadline = Date().addingTimeInterval(seconds)
            var clients: [Int32] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while Date() < deadline && !stop.isSet {
                var fds =
                    [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
                    + clients.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
                while case let client = accept(fd, nil, nil), client >= 0 {
                    _ = fcntl(client, F_SETFL, O_NONBLOCK)
                    clients.append(client)
                }
                clients = clients.filter { client in
                    let count = read(client, &buffer, buffer.count)
                    if count == 0 || (count < 0 && errno != EAGAIN) {
                        close(client)
                        return false
                    }
                    return true
                }
            }
            for client in clients { close(client) }
            close(fd)
            stop.done()
        }
        thread.start()
        listening = true
    }

    /// Stops the agent and the listener, deletes the namespace (the veth pair goes with it).
    func teardown() {
        if let agent, agent.isRunning {
            kill(agent.processIdentifier, SIGKILL)
            agent.waitUntilExit()
        }
        if listening {
            stopFlag.set()
            stopFlag.waitDone(seconds: 5)
            listening = false
        }
        if let pids = try? ShellCommand(executable: ip, arguments: ["netns", "pids", namespace], timeout: 20).run() {
            for pid in pids.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        }
        _ = try? ShellCommand(executable: ip, arguments: ["netns", "del", namespace], timeout: 20).run()
        _ = try? ShellCommand(executable: ip, arguments: ["link", "del", gatewayInterface], timeout: 20).run()
    }

    private func run(_ arguments: [String]) throws {
        try ShellCommand(executable: ip, arguments: arguments, timeout: 20).run()
    }
}
