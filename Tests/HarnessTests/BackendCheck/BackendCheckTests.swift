import Foundation
import TestSupport
import Testing

@testable import Harness

/// `aitc backend check` on the reference backend (every rule kept) and on fixtures that each break
/// one rule (that rule, and only it, fails).
@Suite(.serialized)
struct BackendCheckTests {
    static func suite(_ ids: [String] = ["digits-cnn-fp32"]) throws -> Suite {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        return Suite(
            id: "check", version: "0.1.0", title: "check", deviceClass: smartphone.deviceClass,
            clauses: smartphone.clauses.filter { $0 == "QUA-01" },
            workloads: smartphone.workloads.filter { ids.contains($0.id) }, path: smartphone.path,
            sha256: smartphone.sha256)
    }

    static func check(_ backend: String, environment: [String: String] = [:]) throws -> [BackendCheckRow] {
        let driver = EnvironmentDriver(agentPath: try AgentLocator.hostAgent(), environment: environment)
        return BackendCheck(driver: driver, backend: backend, suite: try suite(), threads: 1).run()
    }

    static func failures(_ rows: [BackendCheckRow]) -> [String] {
        rows.filter { !$0.passed }.map(\.rule)
    }

    @Test func theReferenceBackendKeepsEveryRule() throws {
        let rows = try Self.check("reference")
        let rules = Set(rows.map(\.rule))
        for rule in [
            "refuses before running", "repeated load and unload", "output info filled",
            "outputs owned until the next run",
            "two models alive at once", "thread count honoured", "quality gates", "nothing written to stdout",
        ] {
            #expect(rules.contains(rule), "no row for \(rule)")
        }
        #expect(Self.failures(rows).isEmpty, "\(rows.filter { !$0.passed })")
    }

    @Test func theHonestFixtureKeepsEveryRule() throws {
        let rows = try Self.check(try ReferenceFixture.ruleBreaker.get())
        #expect(Self.failures(rows).isEmpty, "\(rows.filter { !$0.passed })")
    }

    @Test(arguments: [
        ("stdout", "nothing written to stdout"),
        ("threads", "thread count honoured"),
        ("noinfo", "output info filled"),
    ])
    func aFixtureBreakingARuleFailsThatRule(mode: String, rule: String) throws {
        let rows = try Self.check(try ReferenceFixture.ruleBreaker.get(), environment: ["AITC_BREAK": mode])
        #expect(Self.failures(rows).contains(rule), "\(mode): \(rows)")
    }

    @Test func aBackendThatDegradesItsOutputsFailsTheQualityGate() throws {
        // the cheating fixture's degrade mode returns stale outputs after 600 calls: the check's runs
        // before the accuracy run pass that count, so the gate sees the stale outputs
        let rows = try Self.check(try ReferenceFixture.cheating.get(), environment: ["AITC_CHEAT_MODE": "degrade"])
        #expect(Self.failures(rows).contains("quality gates"), "\(rows)")
    }

    @Test func renamedOperatorsKeepTheModelParseable() throws {
        let workload = try #require(try Self.suite().workloads.first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: workload.model.path))
        let altered = BackendCheck.unknownOperator(in: bytes)
        #expect(altered.count == bytes.count)
        #expect(altered != bytes)
        let alteredInputs = try OnnxInputShapes.declared(in: altered).map(\.name)
        let inputs = try OnnxInputShapes.declared(in: bytes).map(\.name)
        #expect(alteredInputs == inputs)
    }
}
