import Conformance
import Foundation
import Logging
import Metering
import Synchronization
import Testing

@testable import EnergyRun
@testable import Harness

/// ENG-02: the AI standby increment is the mean power while the always-on feature runs at its duty
/// cycle minus plain standby. The trace meter reads 3 W while the always-on scenario runs and 2 W
/// otherwise, so the increment must come out at 1 W.
@Suite(.serialized)
struct AlwaysOnIncrementTests {
    /// Raises the flag the trace reads while the always-on scenario runs (first in the instrument
    /// list, so the flag is up before the meter window opens and down only after the run ended).
    final class PhaseFlag: RunInstrument, @unchecked Sendable {
        let name = "phase flag (test)"
        let on = Atomic<Bool>(false)
        func scenarioWillStart(workload: Workload, scenario: Scenario) {
            on.store(scenario == .alwaysOn, ordering: .sequentiallyConsistent)
        }
        func scenarioDidFinish(workload: Workload, result: ScenarioResult) {
            on.store(false, ordering: .sequentiallyConsistent)
        }
        func measurements() -> [Conformance.Measurement] { [] }
        func report() -> InstrumentReport { InstrumentReport(name: name, kind: "test") }
    }

    static func suite(alwaysOn: Bool) throws -> Suite {
        let base = try EnergyFixtures.suite()
        let digits = base.workloads[0]
        var workload = Workload(
            id: digits.id, title: digits.title, kind: digits.kind, precision: digits.precision, model: digits.model,
            inputs: digits.inputs, quality: digits.quality, scenarios: alwaysOn ? [.alwaysOn] : [.singleStream])
        workload.alwaysOnPeriodMs = alwaysOn ? 20 : nil
        return Suite(
            id: base.id, version: base.version, title: base.title, deviceClass: base.deviceClass, clauses: base.clauses,
            workloads: [workload], path: base.path, sha256: base.sha256)
    }

    static func run(alwaysOn: Bool) throws -> Conformance.Measurement {
        let flag = PhaseFlag()
        let server = try TracePowerServer { _ in flag.on.load(ordering: .sequentiallyConsistent) ? 3.0 : 2.0 }
        defer { server.stop() }
        let energy = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: server.url)], rules: EnergyFixtures.rules,
            logger: EnergyFixtures.logger)
        var mode = EnergyFixtures.mode
        mode.energy = EnergyFixtures.rules
        let record = try CertificationRun(
            suite: try suite(alwaysOn: alwaysOn), mode: mode,
            driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            instruments: [flag, energy], logger: EnergyFixtures.logger
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        return try #require(energy.measurements().first { $0.metric == "energy.ai_standby_increment" })
    }

    @Test func incrementIsAlwaysOnPowerMinusStandby() throws {
        let increment = try Self.run(alwaysOn: true)
        let value = try #require(increment.value, "\(increment.reason ?? "")")
        print("AI standby increment: \(value) W (trace: 1 W); \(increment.evidence)")
        #expect(abs(value - 1.0) <= 0.05, "\(increment.evidence)")
    }

    @Test func withoutAnAlwaysOnWorkloadTheIncrementIsAbsentWithTheReason() throws {
        let increment = try Self.run(alwaysOn: false)
        #expect(increment.value == nil)
        #expect(increment.reason?.contains("always-on") == true)
    }
}
