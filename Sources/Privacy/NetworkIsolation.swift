import Foundation

#if canImport(Glibc)
import Glibc
import Harness
#endif

/// Two network namespaces joined by a veth pair: the device (`aitc-dev-<rand>`, where the agent
/// runs) and the sink (`aitc-sink-<rand>`, the harness's observer). The device's default route and
/// DNS point at the sink, IPv6 is off (no autoconfiguration chatter), and every address lives only
/// inside these namespaces. ``teardown()`` removes everything, also after a failure; the pair is
/// recorded in ``NamespaceLedger`` before it exists, so a harness stopped by a signal removes it
/// and one killed outright has it removed by the next harness that makes namespaces.
package struct NetworkIsolation: Sendable {
    package let deviceNamespace: String
    package let sinkNamespace: String
    package let deviceInterface: String
    package let sinkInterface: String
    package let deviceAddress: String
    package let sinkAddress: String
    /// The device interface's MAC address.
    package let deviceMAC: String
    /// The sink interface's MAC address.
    package let sinkMAC: String
    private let ip: String

    /// Creates the namespaces; throws `isolationUnavailable` when this machine cannot.
    package static func create() throws(PrivacyError) -> NetworkIsolation {
        guard geteuid() == 0 else {
            throw .isolationUnavailable(
                "network isolation needs root (ip netns); this harness runs as uid \(geteuid())")
        }
        guard let ip = ShellCommand.locate("ip") else {
            throw .isolationUnavailable("the `ip` tool (iproute2) is not installed")
        }
        // A harness killed outright left its namespaces: those whose recorded owner is gone go now.
        NamespaceLedger.removeOrphans()
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let octet = Int.random(in: 1...254)
        let isolation = NetworkIsolation(
            deviceNamespace: "aitc-dev-\(tag)", sinkNamespace: "aitc-sink-\(tag)",
            deviceInterface: "aitcd\(tag)".prefix(15).description,
            sinkInterface: "aitcs\(tag)".prefix(15).description, deviceAddress: "10.250.\(octet).1",
            sinkAddress: "10.250.\(octet).2",
            deviceMAC: "", sinkMAC: "", ip: ip)
        NamespaceLedger.record(deviceNamespace: isolation.deviceNamespace, sinkNamespace: isolation.sinkNamespace)
        do throws(PrivacyError) {
            try isolation.ip(["netns", "add", isolation.deviceNamespace])
        } catch {
            // Not ours to delete: the name may have been taken.
            NamespaceLedger.release(deviceNamespace: isolation.deviceNamespace)
            throw .isolationUnavailable("`ip netns add` failed: \(error.message)")
        }
        do throws(PrivacyError) {
            try isolation.ip(["netns", "add", isolation.sinkNamespace])
            for ns in [isolation.deviceNamespace, isolation.sinkNamespace] {
                try isolation.inNamespace(
                    ns,
                    [
                        "/bin/sh", "-c",
                        "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6",
                    ])
                try isolation.ip(["-n", ns, "link", "set", "lo", "up"])
            }
            try isolation.ip([
                "link", "add", isolation.deviceInterface, "netns", isolation.deviceNamespace, "type", "veth", "peer",
                "name",
                isolation.sinkInterface, "netns", isolation.sinkNamespace,
            ])
            try isolation.ip([
                "-n", isolation.deviceNamespace, "addr", "add", "\(isolation.deviceAddress)/30", "dev",
                isolation.deviceInterface,
            ])
            try isolation.ip([
                "-n", isolation.sinkNamespace, "addr", "add", "\(isolation.sinkAddress)/30", "dev",
                isolation.sinkInterface,
            ])
            try isolation.ip(["-n", isolation.sinkNamespace, "link", "set", isolation.sinkInterface, "up"])
            try isolation.ip(["-n", isolation.deviceNamespace, "link", "set", isolation.deviceInterface, "up"])
            try isolation.ip(["-n", isolation.deviceNamespace, "route", "add", "default", "via", isolation.sinkAddress])
            let etc = "/etc/netns/\(isolation.deviceNamespace)"
            try? FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
            let resolver = "nameserver \(isolation.sinkAddress)\noptions timeout:1 attempts:1\n"
            guard FileManager.default.createFile(atPath: "\(etc)/resolv.conf", contents: Data(resolver.utf8)) else {
                throw .isolationUnavailable("cannot write \(etc)/resolv.conf")
            }
            return NetworkIsolation(
                deviceNamespace: isolation.deviceNamespace, sinkNamespace: isolation.sinkNamespace,
                deviceInterface: isolation.deviceInterface, sinkInterface: isolation.sinkInterface,
                deviceAddress: isolation.deviceAddress, sinkAddress: isolation.sinkAddress,
                deviceMAC: try isolation.mac(isolation.deviceNamespace, isolation.deviceInterface),
                sinkMAC: try isolation.mac(isolation.sinkNamespace, isolation.sinkInterface), ip: ip)
        } catch {
            isolation.teardown()
            throw .isolationUnavailable("setting up the namespaces failed: \(error.message)")
        }
    }

    /// The device's addresses as the flow summary sees them.
    package var deviceAddresses: Set<String> {
        [deviceAddress, deviceMAC].filter { !$0.isEmpty }.reduce(into: []) { $0.insert($1) }
    }

    /// `ip` and its arguments that run `command` inside the device namespace.
    package func deviceCommand(_ command: [String]) -> (executable: String, arguments: [String]) {
        (ip, ["netns", "exec", deviceNamespace] + command)
    }

    /// Runs `command` inside the device namespace, bounded by `timeout` seconds.
    package func runInDevice(_ command: [String], timeout: Double = 60) throws(PrivacyError) {
        try ShellCommand(executable: ip, arguments: ["netns", "exec", deviceNamespace] + command, timeout: timeout)
            .run()
    }

    /// Cuts the device's network: its link goes down, so it has no route anywhere.
    package func cutDevice() throws(PrivacyError) {
        try ip(["-n", deviceNamespace, "link", "set", deviceInterface, "down"])
    }

    /// Waits (up to `timeout` seconds) until nothing runs in the device namespace any more, so a
    /// capture stopped afterwards has seen everything the agent and what it started could send;
    /// what still runs then is killed. Returns how many processes had to be killed.
    @discardableResult
    package func awaitDeviceExit(timeout: Double = 5) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var pids: [Int32] = []
        repeat {
            pids = ((try? ip(["netns", "pids", deviceNamespace])) ?? "").split(whereSeparator: \.isWhitespace)
                .compactMap { Int32($0) }
            if pids.isEmpty { return 0 }
            usleep(50_000)
        } while Date() < deadline
        for pid in pids { kill(pid, SIGKILL) }
        return pids.count
    }

    /// Kills what still runs in the device namespace, deletes both namespaces (the veth goes with
    /// them) and the `/etc/netns` folder. Safe to call more than once.
    package func teardown() {
        NamespaceLedger.remove(deviceNamespace: deviceNamespace, sinkNamespace: sinkNamespace)
    }

    /// The device's frames on its link, judged whole: the sink's end of the veth is the link's
    /// only other end, so every frame the sink's interface did not send is the device's, whatever
    /// addresses it carries. Only ARP resolution between the device and the sink, parsed as exactly
    /// that, is exempt (and counted in the evidence).
    package func summarize(_ frames: [CapturedFrame], windows: [InferenceWindow]) -> FlowSummary {
        let device = (mac: deviceMAC, ip: deviceAddress)
        let sink = (mac: sinkMAC, ip: sinkAddress)
        return FlowSummary(
            frames: frames, isDevice: { frame, _ in !frame.sentByObserver },
            exemption: { bytes in
                ARPMessage(frame: bytes)?.resolves(from: device, to: sink) == true
                    ? "ARP resolution device → sink" : nil
            },
            windows: windows)
    }

    private func mac(_ namespace: String, _ interface: String) throws(PrivacyError) -> String {
        let link = try ip(["-n", namespace, "-o", "link", "show", "dev", interface])
        return link.components(separatedBy: "link/ether ").dropFirst().first?.split(separator: " ").first.map(
            String.init) ?? ""
    }

    @discardableResult
    private func ip(_ arguments: [String]) throws(PrivacyError) -> String {
        try ShellCommand(executable: ip, arguments: arguments, timeout: 20).run()
    }

    private func inNamespace(_ namespace: String, _ command: [String]) throws(PrivacyError) {
        try ShellCommand(executable: ip, arguments: ["netns", "exec", namespace] + command, timeout: 20).run()
    }
}
