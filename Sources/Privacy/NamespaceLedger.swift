import Foundation
import Locking

#if canImport(Glibc)
import Glibc
#endif

/// Which network namespaces this harness made, in memory and on disk, so they never outlive it.
///
/// Before a pair is created, a record naming its owner — this process's pid and its start time in
/// clock ticks since boot (`/proc/PID/stat` field 22, so a reused pid is not mistaken for the
/// owner) — is written to `folder` (`/run/aitc-netns`, cleared at boot like the namespaces). A
/// harness stopped by SIGTERM, SIGINT or SIGHUP removes its own pairs (``removeLive()``, called
/// by `aitc certify`'s signal handling); one killed outright (SIGKILL, a crash) leaves its records,
/// and the next harness that makes namespaces removes every pair whose recorded owner is provably
/// gone (``removeOrphans()``). A pair whose owner is alive — another harness's live run — and a
/// namespace without a record are never touched.
package enum NamespaceLedger {
    /// One recorded pair and its owner.
    package struct Entry: Equatable, Sendable {
        package let deviceNamespace: String
        package let sinkNamespace: String
        package let pid: Int32
        package let startTicks: UInt64
    }

    /// Where the records are kept (one file per pair, named after its device namespace).
    package static let folder = "/run/aitc-netns"

    /// The pairs this process made and has not removed yet.
    private static let live = Locked<[String: Entry]>([:])

    /// Records a pair this process is about to create, on disk first (so a harness killed while
    /// creating it still leaves the record), then in memory.
    package static func record(deviceNamespace: String, sinkNamespace: String) {
        let entry = Entry(
            deviceNamespace: deviceNamespace, sinkNamespace: sinkNamespace, pid: getpid(),
            startTicks: startTicks(getpid()) ?? 0)
        write(entry)
        live.withLock { $0[deviceNamespace] = entry }
    }

    /// Forgets a pair this process removed.
    package static func release(deviceNamespace: String) {
        live.withLock { $0[deviceNamespace] = nil }
        try? FileManager.default.removeItem(atPath: path(deviceNamespace))
    }

    /// The device namespaces this process holds now.
    package static var liveNamespaces: [String] {
        live.withLock { Array($0.keys).sorted() }
    }

    /// Removes every pair this process still holds (the signal path): kills what runs in each
    /// device namespace, deletes both namespaces and `/etc/netns/<device>`. Returns the names removed.
    @discardableResult
    package static func removeLive() -> [String] {
        let entries = live.withLock { Array($0.values) }
        for entry in entries { remove(entry) }
        return entries.flatMap { [$0.deviceNamespace, $0.sinkNamespace] }.sorted()
    }

    /// Removes every recorded pair whose owner is provably gone: no process with its pid, or one
    /// that started at another time (the pid was reused). Returns the names removed.
    @discardableResult
    package static func removeOrphans() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix("aitc-dev-") {
            guard let entry = read(name), isOrphaned(entry) else { continue }
            remove(entry)
            removed += [entry.deviceNamespace, entry.sinkNamespace]
        }
        return removed
    }

    /// Whether `entry`'s owner is provably gone. A record whose owner's start time could not be
    /// read when it was written (0) is judged by its pid alone.
    package static func isOrphaned(_ entry: Entry) -> Bool {
        guard let owner = status(entry.pid) else { return kill(entry.pid, 0) != 0 && errno == ESRCH }
        // A zombie (exited, not yet reaped) or dead process never removes anything any more.
        if owner.state == "Z" || owner.state == "X" { return true }
        return entry.startTicks != 0 && owner.startTicks != entry.startTicks
    }

    /// The start time of process `pid` in clock ticks since boot, or nil when there is no such process.
    package static func startTicks(_ pid: Int32) -> UInt64? { status(pid)?.startTicks }

    /// Process `pid`'s state letter and start time (`/proc/PID/stat` fields 3 and 22), or nil.
    private static func status(_ pid: Int32) -> (state: Substring, startTicks: UInt64)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces): state is field 3, starttime 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count >= 20, let ticks = UInt64(fields[19]) else { return nil }
        return (fields[0], ticks)
    }

    /// Parses the record `name`; nil when it is missing or not a record this code wrote.
    package static func read(_ name: String) -> Entry? {
        guard let text = try? String(contentsOfFile: path(name), encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let sink = fields["sink"], sink.hasPrefix("aitc-sink-"), let pid = fields["pid"].flatMap({ Int32($0) }),
            let ticks = fields["start"].flatMap({ UInt64($0) }), pid > 0
        else { return nil }
        return Entry(deviceNamespace: name, sinkNamespace: sink, pid: pid, startTicks: ticks)
    }

    private static func path(_ deviceNamespace: String) -> String { "\(folder)/\(deviceNamespace)" }

    /// Writes the record whole (a temporary file renamed over it), so no reader sees half of one.
    package static func write(_ entry: Entry) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = "pid \(entry.pid)\nstart \(entry.startTicks)\nsink \(entry.sinkNamespace)\n"
        let temporary = path(".\(entry.deviceNamespace).\(getpid())")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        rename(temporary, path(entry.deviceNamespace))
    }

    private static func remove(_ entry: Entry) {
        remove(deviceNamespace: entry.deviceNamespace, sinkNamespace: entry.sinkNamespace)
    }

    /// Kills what runs in the device namespace, deletes both namespaces (the veth goes with them)
    /// and the `/etc/netns` folder, then the record. Safe to call more than once.
    package static func remove(deviceNamespace: String, sinkNamespace: String) {
        if let ip = ShellCommand.locate("ip") {
            let pids = (try? ShellCommand(executable: ip, arguments: ["netns", "pids", deviceNamespace]).run()) ?? ""
            for pid in pids.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            for namespace in [deviceNamespace, sinkNamespace] {
                _ = try? ShellCommand(executable: ip, arguments: ["netns", "del", namespace]).run()
            }
        }
        try? FileManager.default.removeItem(atPath: "/etc/netns/\(deviceNamespace)")
        release(deviceNamespace: deviceNamespace)
    }
}
