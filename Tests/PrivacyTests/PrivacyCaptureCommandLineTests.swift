import Foundation
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

#if canImport(Glibc)
import Glibc
#endif

/// `aitc certify --privacy-capture` as a lab types it, through the built `aitc`: a remote (tcp)
/// device in a namespace behind a veth pair whose other end is the captured gateway interface
/// (``GatewayLink``), running a backend that sends what it kept a second after each session
/// (`leak_after_session`). The long capture starts before the run's first connection and is
/// judged whole: the signed report fails PRV-02, -03 and -05 with the capture's note, and leaves
/// PRV-01, -04 and -06 without a value (a remote device).
@Suite(.serialized, .enabled(if: geteuid() == 0, "gateway capture needs root and ip netns"))
struct PrivacyCaptureCommandLineTests {
    @Test func aLongCaptureFromTheCommandLineJudgesTheWholeRunAndIsSigned() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let link = try GatewayLink()
        defer { link.teardown() }
        try link.listenOnGateway(port: 9, seconds: 900)
        let token = "gateway-cli-token-0123456789"
        let tokenFile = try folder.writeSecret("token", token + "\n")
        try FileManager.default.createDirectory(atPath: "\(folder.path)/scratch", withIntermediateDirectories: true)
        let backend = try FixtureBackend.build("leak_after_session", in: folder.path)
        let port = try link.startAgent(
            token: token, tokenFile: tokenFile, scratch: "\(folder.path)/scratch",
            environment: ["AITC_FIXTURE_SINK": "\(link.gatewayAddress):9", "AITC_FIXTURE_DELAY_S": "1"],
            sessions: nil)
        let inputs = try PrivacyCertificationInputs(in: folder, device: "gateway-phone")
        let (suite, declaration, key, out) = (inputs.suite, inputs.declaration, inputs.key, inputs.out)
        // The capture lasts at least this long, and to the audit's end when the run is longer (on
        // this machine under load the digits-only run took 254 s); every frame from before the
        // first connection is judged either way, and the report is written after it (checked
        // below). That a leak after the session needs the long capture is shown by
        // GatewayCaptureTests.aLeakAfterTheSessionIsCaughtByTheLongCaptureOnly.
        let seconds = 150
        let run = try AitcProcess.run([
            "certify", "--suite", suite, "--device", "tcp://\(link.deviceAddress):\(port)?token_file=\(tokenFile)",
            "--backend", backend, "--declaration", declaration, "--mode", "quick",
            "--privacy-interface", link.gatewayInterface, "--device-address", link.deviceAddress,
            "--privacy-capture", "\(seconds)s", "--key", key + ".key", "--out", out,
        ])
        // quick mode never certifies: a complete run exits 1.
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        let envelope = try #require(
            try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix(".dsse.json") })
        let verified = try AitcProcess.run(["verify", "\(out)/\(envelope)", "--trust", key + ".pub"])
        #expect(verified.status == 0, "\(verified.stdout)\n\(verified.stderr)")

        let report = try Self.report(in: out)
        #expect(report["complete"] as? Bool == true, "\(report["incomplete_reason"] ?? "")")
        let verdicts = try #require(report["verdicts"] as? [[String: Any]])
        func verdict(_ clause: String) -> [String: Any] {
            verdicts.first { $0["clause_id"] as? String == clause } ?? [:]
        }
        for clause in ["PRV-02", "PRV-03", "PRV-05"] {
            #expect(verdict(clause)["verdict"] as? String == "fail", "\(clause): \(verdict(clause))")
        }
        for clause in ["PRV-01", "PRV-04", "PRV-06"] {
            #expect(verdict(clause)["verdict"] as? String != "fail", "\(clause): \(verdict(clause))")
            #expect("\(verdict(clause))".contains("remote device"), "\(clause): \(verdict(clause))")
        }
        #expect("\(verdict("PRV-03"))".contains("udp \(link.deviceAddress):"), "\(verdict("PRV-03"))")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let started = (report["started_at"] as? String).flatMap(formatter.date(from:)),
            let finished = (report["finished_at"] as? String).flatMap(formatter.date(from:)),
            let created = (report["created_at"] as? String).flatMap(formatter.date(from:))
        {
            print(
                "aitc certify --privacy-capture \(seconds)s: timed run \(Int(finished.timeIntervalSince(started))) s, "
                    + "report written \(Int(created.timeIntervalSince(started))) s after the start")
            #expect(created.timeIntervalSince(started) >= Double(seconds) - 5, "the audit waits for the capture's end")
        }
        let instruments = try #require(report["instruments"] as? [[String: Any]])
        let capture = try #require(instruments.first { $0["kind"] as? String == "network-capture" })
        let notes = (capture["notes"] as? [String] ?? []).joined(separator: "\n")
        #expect(notes.contains("long capture (--privacy-capture \(seconds) s)"), "\(notes)")
    }

    /// The one report in `out`, parsed.
    static func report(in out: String) throws -> [String: Any] {
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".report.json") }
        try #require(files.count == 1, "\(files)")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(files[0])"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
