import Foundation
import TestSupport
import Testing

@testable import Privacy

#if canImport(Glibc)
import Glibc
#endif

/// The network namespaces a harness makes never outlive it: the built `aitc`, stopped by SIGTERM
/// mid-run (a CI cancelling the job), removes its own and exits by the signal without a report;
/// one killed outright (SIGKILL) leaves them, and the next harness removes those whose recorded
/// owner is gone — never a pair whose owner is alive, nor a namespace it has no record of.
@Suite(.serialized, .enabled(if: geteuid() == 0, "network namespaces need root and ip netns"))
struct NamespaceCleanupTests {
    /// The names `ip netns list` shows.
    static func namespaces() throws -> Set<String> {
        let list = try Self.ip(["netns", "list"])
        return Set(list.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ShellCommand.locate("ip") ?? "/usr/sbin/ip")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// A certification that makes namespaces soon after it starts (a privacy session on the local
    /// device), started through the built `aitc`, and the moment its pair is recorded.
    struct Started {
        let process: Process
        let entry: NamespaceLedger.Entry
        let out: String
        let stderr: Pipe
    }

    static func startCertification(in folder: TemporaryFolder) throws -> Started {
        let inputs = try PrivacyCertificationInputs(in: folder, device: "local-phone")
        let (suite, declaration, key, out) = (inputs.suite, inputs.declaration, inputs.key, inputs.out)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try AitcProcess.executable())
        process.arguments = [
            "certify", "--suite", suite, "--device", "local", "--declaration", declaration, "--mode", "quick",
            "--key", key + ".key", "--out", out,
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: ProjectRoot.path)
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        // The pair is recorded before it is made; wait until both namespaces exist.
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline && process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: NamespaceLedger.folder)) ?? []
            if let entry = names.compactMap(NamespaceLedger.read).first(where: { $0.pid == pid }),
                try namespaces().isSuperset(of: [entry.deviceNamespace, entry.sinkNamespace])
            {
                return Started(process: process, entry: entry, out: out, stderr: stderr)
            }
            usleep(100_000)
        }
        process.terminate()
        throw CocoaError(.executableLoad, userInfo: [NSDebugDescriptionErrorKey: "aitc made no recorded namespaces"])
    }

    /// Waits up to `seconds` for `process` to end.
    static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        return !process.isRunning
    }

    static func expectGone(_ entry: NamespaceLedger.Entry) throws {
        let left = try namespaces().intersection([entry.deviceNamespace, entry.sinkNamespace])
        #expect(left.isEmpty, "left behind: \(left.sorted())")
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/\(entry.deviceNamespace)"))
        #expect(!FileManager.default.fileExists(atPath: "\(NamespaceLedger.folder)/\(entry.deviceNamespace)"))
    }

    /// SIGTERM (a CI cancelling the job), SIGINT (Ctrl-C) and SIGHUP (a closed terminal).
    @Test(.timeLimit(.minutes(10)), arguments: [SIGTERM, SIGINT, SIGHUP])
    func aStopSignalRemovesTheRunsNamespacesAndSignsNothing(_ stop: Int32) throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let started = try Self.startCertification(in: folder)
        let entry = started.entry
        kill(started.process.processIdentifier, stop)
        let ended = Self.waitForExit(started.process, seconds: 60)
        if !ended { kill(started.process.processIdentifier, SIGKILL) }
        #expect(ended, "aitc did not end within 60 s of signal \(stop)")
        started.process.waitUntilExit()
        let stderr = String(decoding: started.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // 128 + N (143 for SIGTERM), as a shell reports a process signal N ended: never 0.
        #expect(started.process.terminationReason == .exit, "\(stderr.suffix(2000))")
        #expect(started.process.terminationStatus == 128 + stop, "\(stderr.suffix(2000))")
        #expect(stderr.contains("stopped by") && stderr.contains("writes no report"), "\(stderr.suffix(2000))")
        #expect(
            stderr.contains(entry.deviceNamespace) && stderr.contains(entry.sinkNamespace), "\(stderr.suffix(2000))")
        try Self.expectGone(entry)
        // No report at all, so no signed pass.
        let written = (try? FileManager.default.contentsOfDirectory(atPath: started.out)) ?? []
        #expect(!written.contains { $0.hasSuffix(".dsse.json") || $0.hasSuffix(".report.json") }, "\(written)")
    }

    @Test(.timeLimit(.minutes(10)))
    func aHarnessKilledOutrightLeavesNamespacesTheNextOneRemoves() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let started = try Self.startCertification(in: folder)
        let entry = started.entry
        kill(started.process.processIdentifier, SIGKILL)
        started.process.waitUntilExit()
        // SIGKILL cannot be handled: the pair is still there, and its owner is provably gone.
        #expect(try Self.namespaces().isSuperset(of: [entry.deviceNamespace, entry.sinkNamespace]))
        #expect(NamespaceLedger.isOrphaned(entry))
        // What the next harness does before it makes namespaces of its own.
        let removed = NamespaceLedger.removeOrphans()
        #expect(removed.contains(entry.deviceNamespace) && removed.contains(entry.sinkNamespace), "\(removed)")
        try Self.expectGone(entry)
    }

    /// A pair whose owner is alive (here: this test process, as another harness's live run) and a
    /// namespace without a record stay; a pair whose recorded owner is dead, or whose pid now
    /// belongs to a process that started at another time, goes.
    @Test func onlyProvablyOrphanedPairsAreRemoved() throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let dead = try Self.deadPid()
        let me = getpid()
        let myTicks = try #require(NamespaceLedger.startTicks(me))
        let pairs: [(String, NamespaceLedger.Entry?)] = [
            (
                "a",
                .init(
                    deviceNamespace: "aitc-dev-ta\(tag)", sinkNamespace: "aitc-sink-ta\(tag)", pid: dead, startTicks: 1)
            ),
            (
                "b",
                .init(
                    deviceNamespace: "aitc-dev-tb\(tag)", sinkNamespace: "aitc-sink-tb\(tag)", pid: me,
                    startTicks: myTicks)
            ),
            (
                "c",
                .init(
                    deviceNamespace: "aitc-dev-tc\(tag)", sinkNamespace: "aitc-sink-tc\(tag)", pid: me,
                    startTicks: myTicks + 1)
            ),
            ("d", nil),
        ]
        var made: [String] = []
        defer {
            let left = (try? Self.namespaces()) ?? []
            for name in made where left.contains(name) { _ = try? Self.ip(["netns", "del", name]) }
        }
        for (letter, entry) in pairs {
            for name in ["aitc-dev-t\(letter)\(tag)", "aitc-sink-t\(letter)\(tag)"] {
                try Self.ip(["netns", "add", name])
                made.append(name)
            }
            if let entry { NamespaceLedger.write(entry) }
        }
        defer { NamespaceLedger.release(deviceNamespace: "aitc-dev-tb\(tag)") }
        #expect(try Self.namespaces().isSuperset(of: Set(made)))
        NamespaceLedger.removeOrphans()
        let left = try Self.namespaces()
        for (letter, kept) in [("a", false), ("b", true), ("c", false), ("d", true)] {
            for name in ["aitc-dev-t\(letter)\(tag)", "aitc-sink-t\(letter)\(tag)"] {
                #expect(left.contains(name) == kept, "\(name) \(kept ? "removed" : "left")")
            }
        }
        #expect(NamespaceLedger.read("aitc-dev-tb\(tag)") != nil, "the live owner's record was removed")
    }

    /// The pid of a process that has ended and been reaped.
    static func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
