import Logging
import TestSupport
import Testing

@testable import Harness

/// A timed run whose minimums end before the novel-input audit has the inputs it judges on goes on
/// until it has them (the main job's textenc run ended with 12 of the 24 needed and left QUA-02
/// without a verdict).
@Suite(.serialized)
struct NovelInputsServedTests {
    @Test func theTimedRunGoesOnUntilTheAuditHasItsNovelInputs() throws {
        // 60 queries at a 10 % novel share hold about 6 novel inputs; the audit needs 24.
        var rules = ModeRules(
            name: "test", description: "a short timed run",
            singleStream: .init(minQueries: 60, minDurationS: 0, maxDurationS: 30),
            offline: .init(minSamples: 256, minDurationS: 0.1), cooldownS: 0)
        rules.audits = NegativeControlTests.audits
        let driver = EnvironmentDriver(agentPath: try AgentLocator.hostAgent(), environment: [:])
        let record = try CertificationRun(
            suite: try NegativeControlTests.suite(), mode: rules, driver: driver,
            backend: try ReferenceFixture.cheating.get(),
            logger: Logger(label: "test")
        ).execute()
        let audit = try #require(NegativeControlTests.audit(record, .novelInputs))
        #expect(audit.inconclusive == nil, "\(audit.inconclusive ?? "")")
        let queries = try #require(record.workloads.first?.scenarios.first { $0.scenario == .singleStream }?.queries)
        #expect(queries >= 24 * 10 - 100, "the run went past its 60-query minimum: \(queries) queries")
        #expect(audit.passed, "\(audit.evidence)")
    }
}
