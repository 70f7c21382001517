import ChildProcesses
import Foundation
import TestSupport
import Testing

@testable import Harness

/// `aitc certify` itself, as a lab types it, against the real tools: Debian's OpenSSH server on
/// loopback (`LoopbackSSHServer`) and Debian's adb with no phone. The driver tests show the library;
/// these show the command line end to end (set-up checks, progress, report, signature, exit status).
@Suite(.serialized)
struct DeviceCommandLineTests {
    /// The built `aitc`.
    static func aitc() throws -> String {
        ((try AgentLocator.hostAgent() as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "aitc")
    }

    /// A suite file: the wearable suite cut to its digits workload (paths made absolute), so a quick
    /// run over ssh takes about a minute.
    static func digitsSuite(in folder: TemporaryFolder) throws -> String {
        let workloads = "\(ProjectRoot.path)/Suites/workloads"
        var text = try String(contentsOfFile: "\(ProjectRoot.path)/Suites/wearable.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "path: workloads/", with: "path: \(workloads)/")
        // Keep the header and the digits workload only.
        var kept: [Substring] = []
        var keep = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - id: ") { keep = line.hasSuffix("digits-cnn-int8") }
            if keep { kept.append(line) }
        }
        return try folder.write("wearable-digits.yaml", kept.joined(separator: "\n"))
    }

    static func key(in folder: TemporaryFolder) throws -> String {
        let prefix = (folder.path as NSString).appendingPathComponent("lab")
        let made = try Command(try aitc(), ["keys", "generate", "--out", prefix]).run(timeout: 60)
        try #require(made.exit.succeeded, "\(made.stderr)")
        return prefix + ".key"
    }

    /// The one report `aitc certify` wrote into `out`, parsed.
    static func report(in out: String) throws -> [String: Any] {
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".report.json") }
        try #require(files.count == 1, "\(files)")
        let data = try Data(contentsOf: URL(fileURLWithPath: (out as NSString).appendingPathComponent(files[0])))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `aitc certify --mode quick` of the digits suite file on `server`'s appliance, whose device
    /// folders go below `device`; reports go to `folder`/reports.
    static func certifyOverSSH(
        _ server: LoopbackSSHServer, folder: TemporaryFolder, device: TemporaryFolder
    ) throws -> CommandOutput {
        let environment = DriverFixtures.environment([
            "AITC_SSH_AGENT": try AgentLocator.hostAgent(), "AITC_SSH_DEVICE_DIR": device.path,
        ])
        return try Command(
            try aitc(),
            [
                "certify", "--suite", try Self.digitsSuite(in: folder), "--device", "ssh://\(server.destination)",
                "--key",
                try Self.key(in: folder), "--out", (folder.path as NSString).appendingPathComponent("reports"),
                "--mode", "quick",
            ], environment: environment
        ).run(timeout: 900)
    }

    @Test(.enabled(if: LoopbackSSHServer.available, "needs Debian's openssh-server (Tools/bootstrap.sh) and root"))
    func certifyOverSSHCompletesFromTheCommandLineAndRecordsTheHostKey() throws {
        let server = try LoopbackSSHServer()
        let folder = try TemporaryFolder()
        let device = try TemporaryFolder()
        let out = (folder.path as NSString).appendingPathComponent("reports")
        let started = Date()
        let run = try Self.certifyOverSSH(server, folder: folder, device: device)
        let seconds = Date().timeIntervalSince(started)
        print("aitc certify over ssh: \(run.exit) after \(String(format: "%.1f", seconds)) s")
        // quick mode never certifies: a complete run exits 1 (indicative or not conformant), never 2 (incomplete) or 64.
        #expect(run.exit == .exited(1), "\(run.stdout)\n\(run.stderr)")
        let report = try Self.report(in: out)
        #expect(report["complete"] as? Bool == true, "\(report["incomplete_reason"] ?? "")")
        let section = try #require(report["device"] as? [String: Any])
        #expect(section["spec"] as? String == "ssh://root@127.0.0.1:\(server.port)", "no local file path in the report")
        let driver = try #require(section["driver"] as? [String: Any])
        #expect(driver["transport"] as? String == "ssh")
        #expect(driver["host_key"] as? String == "ssh-ed25519 \(server.hostKeyFingerprint)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains { $0.hasSuffix(".dsse.json") }, "signed: \(files)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: device.path).isEmpty,
            "the copied agent and files are removed")
    }

    @Test(.enabled(if: LoopbackSSHServer.available, "needs Debian's openssh-server (Tools/bootstrap.sh) and root"))
    func aChangedHostKeyIsASetUpErrorFromTheCommandLine() throws {
        let server = try LoopbackSSHServer()
        try server.swapHostKey()
        let folder = try TemporaryFolder()
        let device = try TemporaryFolder()
        let out = (folder.path as NSString).appendingPathComponent("reports")
        let run = try Self.certifyOverSSH(server, folder: folder, device: device)
        #expect(run.exit == .exited(64), "\(run.stdout)\n\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("aitc: ") }
        #expect(lines.count == 1 && lines[0].contains("host key"), "one sentence naming the host key: \(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: device.path).isEmpty, "nothing was copied")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty, "no report")
    }

    @Test(.enabled(if: DriverFixtures.adb != nil, "needs Debian's adb (Tools/bootstrap.sh)"))
    func certifyAndProbeOverAdbWithNoPhoneEndInSecondsWithASentence() throws {
        let server = try RealAdbTests.PrivateServer()
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let out = (folder.path as NSString).appendingPathComponent("reports")
        let key = try Self.key(in: folder)
        for serverRunning in [false, true] {
            if serverRunning { #expect(try server.adb(["start-server"]).exit.succeeded) }
            for arguments in [
                [
                    "certify", "--suite", "wearable", "--device", "adb:aitc-no-such-phone", "--key", key, "--out", out,
                    "--mode", "quick",
                ],
                ["devices", "probe", "adb:aitc-no-such-phone"],
            ] {
                let started = Date()
                let run = try Command(try Self.aitc(), arguments, environment: server.environment).run(timeout: 120)
                let seconds = Date().timeIntervalSince(started)
                print(
                    "aitc \(arguments[0]) adb, server running \(serverRunning): \(run.exit) after \(String(format: "%.2f", seconds)) s"
                )
                #expect(seconds < 20, "\(arguments[0]): \(seconds) s")
                #expect(!run.exit.succeeded)
                if arguments[0] == "certify" { #expect(run.exit == .exited(64), "a set-up error: \(run.stderr)") }
                #expect(
                    run.stderr.contains("adb:aitc-no-such-phone: adb does not list this device"),
                    "\(run.stdout)\n\(run.stderr)")
                #expect(!run.stderr.contains("AgentError"), "a sentence, not a type name")
                #expect(
                    !run.stderr.contains("adb:aitc-no-such-phone: adb:aitc-no-such-phone:"),
                    "the device named once: \(run.stderr)")
            }
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty, "no report")
    }

    /// The issue's "done" test from the command line: `aitc certify` over tcp to an agent in a
    /// network namespace of the test's own; the link is cut for 30 s once the run logs its first
    /// quality pass, then restored. The run notices, reconnects, re-runs the workload, and writes a
    /// complete, signed report that lists the outage — under the energy instrument `aitc certify`
    /// always attaches (before, any instrument stopped every resume from the command line).
    @Test(.enabled(if: CuttableLink.available, "needs root and iproute2"))
    func aThirtySecondCutDuringACommandLineRunEndsInAResumedCompleteReport() throws {
        let link = try CuttableLink()
        defer { link.teardown() }
        // The harness's work folder (the audits' novel inputs) must be at the same path on the
        // device: the agent serves it, and aitc's TMPDIR points into it. The device has an enrolled
        // key, pinned: the reconnection must prove it again.
        let folder = try TemporaryFolder()
        let key = try DeviceKeyTests.enrol(folder, "device.key")
        let (port, token) = try link.startAgent(
            sessions: 8, extraArguments: ["--root", folder.path, "--device-key", key.file])
        let tokenFile = try folder.writeSecret("token", token + "\n")
        let out = (folder.path as NSString).appendingPathComponent("reports")
        let log = (folder.path as NSString).appendingPathComponent("stderr.log")
        let arguments = [
            "certify", "--suite", try Self.digitsSuite(in: folder), "--device",
            "tcp://\(link.deviceAddress):\(port)?token_file=\(tokenFile)&device_key=\(key.fingerprint)",
            "--key", try Self.key(in: folder), "--out", out, "--mode", "quick",
        ]
        let quoted = ([try Self.aitc()] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let run = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "exec \(quoted) >/dev/null 2>'\(log)'"],
            environment: DriverFixtures.environment(["TMPDIR": folder.path]))
        defer { _ = run.stop(grace: 1) }
        // Cut once the first workload's quality pass starts (the run is past its set-up checks).
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, run.exitStatus() == nil {
            if ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("quality over") { break }
            usleep(50_000)
        }
        try link.cut()
        Thread.sleep(forTimeInterval: 30)
        try link.restore()
        let exit = run.waitForExit(timeout: 600)
        let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(exit == .exited(1), "quick mode: a complete run exits 1\n\(stderr.suffix(3000))")
        let report = try Self.report(in: out)
        #expect(report["complete"] as? Bool == true, "\(report["incomplete_reason"] ?? "")")
        let outages = try #require(report["outages"] as? [[String: Any]])
        #expect(outages.count == 1, "\(outages)")
        #expect(outages.first?["outcome"] as? String == "re-run from its start")
        let back = try #require(outages.first?["reconnected_after_s"] as? Double)
        print(
            "aitc certify, 30 s cut: \(outages.first?["reason"] ?? ""); reconnected \(String(format: "%.1f", back)) s after it was noticed"
        )
        #expect(back > 5 && back < 60)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasSuffix(".dsse.json") })
        let driver = (report["device"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["device_key"] as? String == "ed25519 \(key.fingerprint)", "the pinned device key is recorded")
    }

    /// A tcp device whose key is not the pinned one is refused from the command line before
    /// anything runs: exit 64, one sentence naming both keys, no report.
    @Test func anotherDeviceKeyThanThePinnedOneIsASetUpError() throws {
        let folder = try TemporaryFolder()
        let enrolled = try DeviceKeyTests.enrol(folder, "enrolled.key")
        let other = try DeviceKeyTests.enrol(folder, "other.key")
        let agent = try ListeningAgent(sessions: 4, extraArguments: ["--device-key", other.file])
        let out = (folder.path as NSString).appendingPathComponent("reports")
        let run = try Command(
            try Self.aitc(),
            [
                "certify", "--suite", try Self.digitsSuite(in: folder), "--device",
                "tcp://127.0.0.1:\(agent.port)?token_file=\(agent.tokenFile)&device_key=\(enrolled.fingerprint)",
                "--key",
                try Self.key(in: folder), "--out", out, "--mode", "quick",
            ]
        ).run(timeout: 120)
        #expect(run.exit == .exited(64), "\(run.stdout)\n\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("aitc: ") }
        #expect(
            lines.count == 1 && lines[0].contains(other.fingerprint) && lines[0].contains(enrolled.fingerprint),
            "\(run.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty, "no report")
    }

    /// What an emulated device will be judged on, as `--dry-run` plans it for the wearable suite:
    /// latency and energy not applicable; QUA-02 (the emulated rules run the output audits) and
    /// PRV-01…06 (the privacy audit runs the agent under qemu in the sandbox) are not inconclusive.
    @Test(.enabled(if: DriverFixtures.qemuAvailable, "needs Tools/cross/setup.sh (cross gcc, json-c:arm64, qemu-user)"))
    func anEmulatedDeviceIsPlannedForQualityIntegrityAndPrivacy() throws {
        let folder = try TemporaryFolder()
        let run = try Command(
            try Self.aitc(),
            [
                "certify", "--suite", "wearable", "--device", "qemu:aarch64", "--key", try Self.key(in: folder),
                "--out",
                (folder.path as NSString).appendingPathComponent("reports"), "--mode", "quick", "--dry-run",
            ]
        ).run(timeout: 1800)
        #expect(run.exit.succeeded, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("no clause is known in advance to be inconclusive"), "\(run.stdout)")
        let inapplicable = lines.filter { $0.hasPrefix("not applicable") }.compactMap {
            $0.split(separator: " ").dropFirst(2).first
        }
        #expect(inapplicable == ["LAT-01", "LAT-02", "ENG-03", "ENG-04"], "\(run.stdout)")
        #expect(!run.stdout.contains("QUA-") && !run.stdout.contains("PRV-"), "\(run.stdout)")
    }
}
