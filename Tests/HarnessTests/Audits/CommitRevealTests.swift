import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The outputs-match audit against a backend that reads the agent's process memory for the `run`
/// request (Tests/Fixtures/backends/peek_request.c): it computes only where the request says outputs
/// will be checked and serves the previous output everywhere else, at the honest latency. Commit then
/// reveal — every query's output digest in the reply, the positions drawn after it — leaves it
/// nothing to read, and its stale outputs are revealed.
@Suite(.serialized)
struct CommitRevealTests {
    @Test func aBackendReadingTheRequestFromMemoryIsCaughtByOutputsMatch() throws {
        let library = try ReferenceFixture.peekRequest.get()
        let driver = EnvironmentDriver(agentPath: try AgentLocator.hostAgent(), environment: [:])
        let record = try CertificationRun(
            suite: try NegativeControlTests.suite(), mode: NegativeControlTests.mode, driver: driver, backend: library,
            accelerator: "cpu", logger: Logger(label: "test")
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let workload = try #require(record.workloads.first)
        // Its accuracy pass is honest: only the timed run is stale.
        #expect(workload.accuracy.map { $0.targetRatio >= 1 } == true)
        let audit = try #require(
            workload.audits.first { $0.kind == .outputsMatch }, "\(VendorCheatTests.describe(record))")
        #expect(
            !audit.passed, "the request-peeking backend passed outputs-match:\n\(VendorCheatTests.describe(record))")
        let report = try TestReports.build(record)
        #expect(report.verdicts.first { $0.clauseID == "QUA-02" }?.verdict == .fail)
        #expect(report.decision == .notConformant)
    }

    /// A revealed sample of one float32 output [1, 2] with the given values.
    static func sample(query: Int, _ values: [Float]) -> RevealedOutputs.Sample {
        var bytes = Data()
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        let json = """
            {"query":\(query),"sample":3,"shapes":{"y":[1,\(values.count)]},"dtypes":{"y":"float32"},"raw":{"y":"\(bytes.base64EncodedString())"}}
            """
        return try! JSONDecoder().decode(RevealedOutputs.Sample.self, from: Data(json.utf8))
    }

    @Test func anOutputChangedAfterItsCommitmentFailsOutputsMatchNamingThePosition() throws {
        let honest = Self.sample(query: 2, [0.25, -1])
        let committed = try #require(OutputCommitment.digest([honest], outputNames: ["y"]))
        let same = OutputCommitment.check(
            query: 2, position: 1002, revealed: [honest], committed: committed, samplesPerQuery: 1,
            outputNames: ["y"], output: "y")
        #expect(same.mismatch == nil)
        #expect(same.samples.first?.values == [0.25, -1])
        let changed = OutputCommitment.check(
            query: 2, position: 1002, revealed: [Self.sample(query: 2, [0.25, -0.5])], committed: committed,
            samplesPerQuery: 1, outputNames: ["y"], output: "y")
        let mismatch = try #require(changed.mismatch)
        #expect(mismatch.hasPrefix("query 1002:"), "\(mismatch)")
        // A reshape of the same bytes is another digest.
        let reshaped = try JSONDecoder().decode(
            RevealedOutputs.Sample.self,
            from: Data(
                #"{"query":2,"sample":3,"shapes":{"y":[2]},"dtypes":{"y":"float32"},"raw":{"y":"\#(honest.raw["y"]!)"}}"#
                    .utf8))
        #expect(OutputCommitment.digest([reshaped], outputNames: ["y"]) != committed)

        var evidence = InRunEvidence()
        evidence.latencies = Array(repeating: 1000, count: 2000)
        evidence.sampled = [InRunEvidence.Output(position: 1002, sample: 3, values: [0.25, -0.5])]
        evidence.revealed = 1
        evidence.commitmentFailures = [mismatch]
        let (audit, _) = InRunAudit(rules: NegativeControlTests.audits, controlSeed: 1).outputsMatch(
            evidence, accuracyOutputs: Array(repeating: [0.25, -0.5], count: 8))
        #expect(!audit.passed && audit.inconclusive == nil)
        #expect(audit.evidence.contains("query 1002"), "\(audit.evidence)")
    }
}
