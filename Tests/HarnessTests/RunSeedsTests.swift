import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

/// The seed scheme documented in Docs/methodology.md ("Randomness") is what the code derives: an
/// independent derivation (Python's hashlib) gives the same seeds from a revealed secret.
struct RunSeedsTests {
    static let secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

    /// What `python3 -c code arguments...` prints, trimmed.
    static func python(_ code: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func python(_ purpose: String, _ workload: Int, _ index: Int) throws -> UInt64? {
        UInt64(
            try python(
                "import hashlib,sys; print(int.from_bytes(hashlib.sha256(('aitc-seeds/1|%s|%s|%s|' % tuple(sys.argv[1:4])).encode() + bytes.fromhex(sys.argv[4])).digest()[:8], 'big') >> 11)",
                [purpose, String(workload), String(index), secret]))
    }

    @Test func theDocumentedDerivationGivesEverySeed() throws {
        let seeds = try #require(RunSeeds(secretHex: Self.secret))
        #expect(seeds.commitmentHolds)
        for (purpose, workload, index) in [
            (RunSeeds.Purpose.singleStream, 0, 0), (.singleStream, 0, 3), (.outputSampling, 2, 0), (.novelInputs, 1, 1),
        ] {
            #expect(
                seeds.seed(purpose, workload: workload, index: index)
                    == (try Self.python(purpose.rawValue, workload, index)))
        }
    }

    @Test func aReRunAfterAnOutageDrawsTheDocumentedFreshSeeds() throws {
        let seeds = try #require(RunSeeds(secretHex: Self.secret))
        #expect(seeds.forAttempt(1) == seeds)
        let second = seeds.forAttempt(2)
        #expect(second.seed(.interleave, workload: 1) != seeds.seed(.interleave, workload: 1))
        #expect(second.seed(.interleave, workload: 1) != seeds.forAttempt(3).seed(.interleave, workload: 1))
        // Docs/methodology.md: the secret of attempt A is SHA-256("aitc-seeds/1|attempt|A|" ‖ secret).
        let derived = try #require(RunSeeds(secretHex: try Self.pythonAttemptSecret(2)))
        #expect(derived == second)
    }

    static func pythonAttemptSecret(_ attempt: Int) throws -> String {
        try python(
            "import hashlib,sys; print(hashlib.sha256(('aitc-seeds/1|attempt|%s|' % sys.argv[1]).encode() + bytes.fromhex(sys.argv[2])).hexdigest())",
            [String(attempt), secret])
    }

    @Test func seedsDifferByPurposeWorkloadAndRun() throws {
        let seeds = try #require(RunSeeds(secretHex: Self.secret))
        let all = RunSeeds.Purpose.allCases.flatMap { purpose in (0..<3).map { seeds.seed(purpose, workload: $0) } }
        #expect(Set(all).count == all.count)
        #expect(RunSeeds.fresh().secret != RunSeeds.fresh().secret)
        #expect(RunSeeds(secretHex: "00") == nil)
    }

    @Test func aRunRulesFileCarryingASeedIsRefused() throws {
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: ProjectRoot.layout.runRulesPath, encoding: .utf8)
            .replacingOccurrences(of: "    cooldown_s: 0\n", with: "    cooldown_s: 0\n    seed: 20261123\n")
        let path = try folder.write("run-rules.yaml", text)
        #expect(throws: SuiteError.self) { try RunRules.load(path: path) }
    }

    @Test func quickModeNeverCertifies() throws {
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        #expect(try rules.mode("certification").certifies)
        for name in rules.modes.keys where name != "certification" {
            #expect(try !rules.mode(name).certifies, "\(name) certifies")
        }
    }
}
