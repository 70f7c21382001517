import Foundation
import TestSupport
import Testing

@testable import Privacy

/// Reading escape attempts from the sandbox's system-call trace: the calls no honest agent makes
/// count, and so does a Unix socket that leads to this machine; glibc's own probes, netlink,
/// abstract sockets and the sandbox's own sockets do not.
@Suite struct EscapeAttemptTests {
    static let trace = """
        2     openat(AT_FDCWD, "/proc/1/ns/net", O_RDONLY) = -1 EACCES (Permission denied)
        2     openat(AT_FDCWD, "/usr/lib/x86_64-linux-gnu/libm.so.6", O_RDONLY|O_CLOEXEC) = 3
        2     openat(AT_FDCWD, "/sys/devices/system/cpu/online", O_RDONLY|O_CLOEXEC) = 3
        2     openat(AT_FDCWD, "/proc/sys/net/ipv6/conf/all/disable_ipv6", O_WRONLY|O_CREAT|O_TRUNC, 0666) = -1 EACCES (Permission denied)
        2     setns(3, CLONE_NEWNET)           = -1 EPERM (Operation not permitted)
        2     connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)
        2     connect(4, {sa_family=AF_UNIX, sun_path="/tmp/host.sock"}, 110) = -1 ECONNREFUSED (Connection refused)
        2     connect(4, {sa_family=AF_UNIX, sun_path="/tmp/own.sock"}, 110) = 0
        2     connect(4, {sa_family=AF_UNIX, sun_path=@"abstract"}, 110) = -1 ECONNREFUSED (Connection refused)
        2     socket(AF_PACKET, SOCK_RAW, htons(0 /* ETH_P_??? */)) = -1 EPERM (Operation not permitted)
        2     socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = -1 EPERM (Operation not permitted)
        2     socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4
        2     socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 5
        3     mount("none", "/mnt", "tmpfs", 0, NULL <unfinished ...>
        3     <... mount resumed>)              = -1 EPERM (Operation not permitted)
        3     io_uring_setup(4, {flags=0, sq_thread_cpu=0, sq_thread_idle=0, sq_entries=4, cq_entries=8}) = 5
        """

    @Test func attemptsAreReadFromTheTrace() {
        let attempts = EscapeAttempt.parse(
            trace: Self.trace, isHostSocket: { $0 == "/tmp/host.sock" || $0 == "/var/run/nscd/socket" })
        #expect(
            attempts.map(\.call) == [
                "openat", "openat", "setns", "connect", "socket", "socket", "mount", "io_uring_setup",
            ])
        #expect(attempts[0].detail == "/proc/1/ns/net")
        #expect(attempts[1].detail == "/proc/sys/net/ipv6/conf/all/disable_ipv6")
        #expect(attempts[3].detail == "AF_UNIX /tmp/host.sock")
        #expect(attempts[2].result.hasPrefix("-1 EPERM"))
        let observation = EscapeObservation.traced(attempts)
        #expect(observation.count == 8)
        #expect(observation.evidence.contains("connect 1") && observation.evidence.contains("socket 2"))
        #expect(EscapeObservation.untraced.count == 0 && EscapeObservation.untraced.evidence.contains("not observed"))
    }

    /// Docs/privacy.md (2c) names exactly the calls the sandbox traces, and says how many always count.
    @Test func theDocsListTheTracedCalls() throws {
        let docs = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/privacy.md", encoding: .utf8)
        let section = try #require(
            docs.components(separatedBy: "2c. ").dropFirst().first?.components(separatedBy: "\n3. ").first)
        for call in EscapeAttempt.traced { #expect(section.contains("`\(call)`"), "\(call)") }
        #expect(section.contains("each call of the first eleven") && EscapeAttempt.alwaysAttempts.count == 11)
    }

    @Test func anHonestTraceHasNone() {
        let honest = Self.trace.split(separator: "\n").filter { line in
            ![
                "/proc/1/ns", "/proc/sys", "setns", "host.sock", "AF_PACKET", "SOCK_RAW, IPPROTO_ICMP", "mount",
                "io_uring",
            ].contains { line.contains($0) }
        }.joined(separator: "\n")
        #expect(EscapeAttempt.parse(trace: honest, isHostSocket: { _ in true }).isEmpty == false)  // /tmp/own.sock exists on "this machine"
        #expect(EscapeAttempt.parse(trace: honest, isHostSocket: { _ in false }).isEmpty)
    }

    @Test func durationsParse() {
        #expect(LongCapture.seconds(parsing: "90") == 90)
        #expect(LongCapture.seconds(parsing: "90s") == 90)
        #expect(LongCapture.seconds(parsing: "30m") == 1800)
        #expect(LongCapture.seconds(parsing: "4h") == 14400)
        for bad in ["", "h", "-3m", "0", "4d", "nan"] { #expect(LongCapture.seconds(parsing: bad) == nil, "\(bad)") }
    }
}
