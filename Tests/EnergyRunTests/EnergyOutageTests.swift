import Foundation
import TestSupport
import Testing

@testable import EnergyRun
@testable import Harness

/// A run watched by energy instruments survives an outage: it reconnects, the instruments follow
/// the new session, and the interrupted workload's windows are dropped and measured again, so no
/// energy figure mixes two sessions. `aitc certify` always attaches an energy instrument (with no
/// meter when none is given), so without this no run from the command line was ever resumed.
@Suite(.serialized)
struct EnergyOutageTests {
    @Test func anOutageMidWorkloadIsResumedAndItsEnergyWindowsMeasuredAgain() throws {
        let server = try TracePowerServer(watts: EnergyFixtures.watts)
        defer { server.stop() }
        let logger = EnergyFixtures.logger
        let measured = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: server.url)], rules: EnergyFixtures.rules, logger: logger)
        let none = try EnergyInstrument(meters: [], rules: EnergyFixtures.rules, logger: logger)
        var mode = EnergyFixtures.mode
        mode.outages = OutageRules(maxRetries: 1, reconnectWindowS: 30, reconnectIntervalS: 0.5)
        let outage = OutageSwitch()
        // Lost right as the offline window opens: the single-stream window is finished, the
        // offline one open.
        let record = try CertificationRun(
            suite: try EnergyFixtures.suite(), mode: mode,
            driver: LocalAgentDriver(agentPath: try AgentLocator.hostAgent(), started: outage.started),
            instruments: [measured, none], logger: logger
        ) { progress in
            if progress.step == Scenario.offline.rawValue { outage.cut() }
        }.execute()
        #expect(outage.happened)
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(record.outages.count == 1)
        #expect(record.outages.first?.outcome == "re-run from its start")
        let workload = try #require(record.workloads.first)
        #expect(record.workloads.count == 1)
        let ss = try #require(workload.scenarios.first { $0.scenario == .singleStream })

        let notes = measured.report().notes
        #expect(notes.filter { $0.hasPrefix("window \(workload.id)/single-stream") }.count == 1, "\(notes)")
        #expect(notes.filter { $0.hasPrefix("window \(workload.id)/offline") }.count == 1, "\(notes)")
        #expect(
            notes.contains {
                $0.contains(
                    "\(workload.id): an outage interrupted the workload; its 1 finished window(s), its idle baseline and the open window were dropped"
                )
            }, "\(notes)")
        // The figure kept is the re-run's window: the trace's exact energy over it.
        let figures = measured.measurements()
        let mj = try #require(figures.first { $0.metric == "energy.per_inference_mj" && $0.workloadID == workload.id })
        let value = try #require(mj.value, "\(mj.reason ?? "")")
        let exact = EnergyFixtures.joules(fromNs: Int64(ss.beginNs), toNs: Int64(ss.endNs)) * 1000 / Double(ss.queries)
        #expect(abs(value - exact) / exact <= 0.005, "\(mj.evidence)")
        // The standby phase ran at the end, on the new session.
        #expect(figures.first { $0.metric == "energy.standby_power" }?.value != nil)
        // No meter: the instrument followed too, and still gives no number.
        #expect(none.measurements().filter { $0.metric.hasPrefix("energy.") }.allSatisfy { $0.value == nil })
    }
}
