import Attestation
import Foundation
import TestSupport
import Testing

/// What `aitc` prints for errors and the dry run, byte for byte against golden files. Paths that
/// change from run to run are written as TMP.
@Suite("aitc: golden error lines and dry run")
struct CommandLineGoldenTests {
    static func normalized(_ text: String, _ folder: TemporaryFolder) -> String {
        text.replacingOccurrences(of: folder.path, with: "TMP").replacingOccurrences(of: ProjectRoot.path, with: "ROOT")
    }

    static func check(_ name: String, _ arguments: [String], status: Int32, folder: TemporaryFolder) throws {
        let outcome = try CommandLine.aitc(arguments)
        #expect(outcome.status == status, "\(outcome.stderr)")
        let actual = normalized(outcome.stderr, folder)
        #expect(actual == (try Golden.expected(name, actual: actual)))
        #expect(!outcome.stderr.contains("Usage:"), "a set-up error is not a usage error")
        #expect(!outcome.stderr.contains("Error:"))
        #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
    }

    @Test("a missing key: one line, exit 64")
    func missingKey() throws {
        let folder = try TemporaryFolder()
        try Self.check(
            "error-missing-key",
            ["certify", "--suite", "smartphone", "--key", folder.file("absent.key"), "--out", folder.file("out")],
            status: 64, folder: folder)
        #expect(folder.contents().isEmpty, "nothing written")
    }

    @Test("--out naming a file: one line, exit 64")
    func outIsAFile() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        let taken = try folder.write("taken", "")
        try Self.check(
            "error-out-is-file", ["certify", "--suite", "smartphone", "--key", folder.file("lab.key"), "--out", taken],
            status: 64, folder: folder)
    }

    @Test("an unknown suite: one line, exit 64")
    func unknownSuite() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        try Self.check(
            "error-unknown-suite",
            ["certify", "--suite", "nope", "--key", folder.file("lab.key"), "--out", folder.file("out")],
            status: 64, folder: folder)
    }

    @Test("an altered workload file: one line naming it, exit 64, before any device is started")
    func alteredWorkloadFile() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        var model = try Data(
            contentsOf: URL(
                fileURLWithPath: ProjectRoot.layout.suitesDirectory + "/workloads/digits/digits_cnn_fp32.onnx"))
        model[model.count / 2] ^= 0x01
        let suite = try DigitsSuiteFile.write(in: folder, model: try folder.write("digits_cnn_fp32.onnx", data: model))
        // An agent that would fail if it were started: the files are checked first.
        let outcome = try Self.certifyLocalWithBrokenAgent(suite: suite, folder: folder)
        let actual = Self.normalized(outcome.stderr, folder)
        #expect(actual == (try Golden.expected("error-altered-workload", actual: actual)))
    }

    /// `aitc certify --device local` of `suite` with `/bin/false` as the agent: exit 64, one line, nothing written.
    static func certifyLocalWithBrokenAgent(suite: String, folder: TemporaryFolder) throws -> CommandLine.Outcome {
        let outcome = try CommandLine.aitc(
            [
                "certify", "--suite", suite, "--key", folder.file("lab.key"), "--out", folder.file("out"), "--device",
                "local",
            ],
            environment: ["AITC_AGENT": "/bin/false"])
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "one line: \(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
        return outcome
    }

    @Test("a local agent that does not answer: one line, exit 64, nothing signed")
    func agentDoesNotAnswer() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        let outcome = try Self.certifyLocalWithBrokenAgent(suite: try DigitsSuiteFile.write(in: folder), folder: folder)
        #expect(outcome.stderr.hasPrefix("aitc: device local is not reachable: "), "\(outcome.stderr)")
    }

    @Test("a tcp device without its token: one line, exit 64, nothing signed")
    func tcpWithoutToken() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        try Self.check(
            "error-tcp-token",
            [
                "certify", "--suite", "smartphone", "--key", folder.file("lab.key"), "--out", folder.file("out"),
                "--device", "tcp://127.0.0.1:9",
            ],
            status: 64, folder: folder)
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }

    @Test("a key file that cannot be written: one line, no type name")
    func keysGenerateExisting() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        try Self.check(
            "error-key-exists", ["keys", "generate", "--out", folder.file("lab")], status: 64, folder: folder)
    }

    @Test(
        "help, in each of its spellings, prints the help and exits 0",
        arguments: [
            ["--help"], ["help"], ["help", "certify"], ["certify", "--help"], ["ca", "issue-lab", "--help"],
            ["report", "-h"],
        ])
    func help(_ arguments: [String]) throws {
        let outcome = try CommandLine.aitc(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("USAGE: aitc"), "\(outcome.stdout)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
    }

    @Test("a real usage error still shows the usage")
    func usage() throws {
        let outcome = try CommandLine.aitc([
            "certify", "--suite", "smartphone", "--threads", "0", "--key", "k", "--out", "o",
        ])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--threads must be between 1 and 256"))
        #expect(outcome.stderr.contains("Usage:"))
    }

    @Test("--dry-run lists the clauses that will be inconclusive and why, and writes nothing")
    func dryRun() throws {
        let folder = try TemporaryFolder()
        _ = try KeyFiles.generate(prefix: folder.file("lab"))
        let outcome = try CommandLine.aitc([
            "certify", "--suite", "smartphone", "--key", folder.file("lab.key"), "--out", folder.file("out"),
            "--privacy", "off",
            "--dry-run",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let actual = Self.normalized(outcome.stdout, folder)
        #expect(actual == (try Golden.expected("dry-run", actual: actual)))
        #expect(actual.contains("what to do: attach a meter: --meter"))
        #expect(actual.contains("--privacy off"))
        #expect(folder.contents() == ["lab.key", "lab.pub"], "a dry run writes nothing")
    }
}
