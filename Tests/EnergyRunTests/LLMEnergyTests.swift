import Conformance
import Foundation
import Logging
import TestSupport
import Testing

@testable import EnergyRun
@testable import Harness

/// ENG-05 end to end: the LLM workload's timed generations on the local agent, watched by an SCPI
/// meter answering the known trace → J per 1000 tokens equal to the trace's exact energy over the
/// generation window ÷ tokens × 1000; with no meter the figure is absent with the reason.
@Suite(.serialized)
struct LLMEnergyTests {
    static var mode: ModeRules {
        var rules = ModeRules(
            name: "energy-llm-test", description: "two timed prompts with an energy window",
            singleStream: .init(minQueries: 1, minDurationS: 0, maxDurationS: 1),
            offline: .init(minSamples: 1, minDurationS: 0),
            cooldownS: 0, seed: 7, energy: EnergyFixtures.rules)
        rules.llm = LLMRules(minPrompts: 2, minDurationS: 0, maxDurationS: 120)
        return rules
    }

    static func suite() throws -> Suite {
        let smartphone = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let llm = try #require(smartphone.workloads.first { $0.kind == .llm })
        return Suite(
            id: "llm-energy-test", version: "0.1.0", title: "llm energy", deviceClass: .smartphone, clauses: ["ENG-05"],
            workloads: [llm], path: smartphone.path, sha256: smartphone.sha256)
    }

    @Test func generationWindowGivesJoulesPerThousandTokensWithinTheTraceTolerance() throws {
        let server = try TracePowerServer(watts: EnergyFixtures.watts)
        defer { server.stop() }
        let logger = EnergyFixtures.logger
        let measured = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: server.url)], rules: EnergyFixtures.rules, logger: logger)
        let none = try EnergyInstrument(meters: [], rules: EnergyFixtures.rules, logger: logger)
        let record = try CertificationRun(
            suite: try Self.suite(), mode: Self.mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            instruments: [measured, none], logger: logger
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let workload = try #require(record.workloads.first)
        let generation = try #require(workload.generation)
        let window = try #require(measured.lock.withLock { measured.state.generations.first?.window })
        #expect(window.tokens == generation.timedTokens && window.tokens > 0)
        #expect(window.durationS >= generation.durationS, "the window holds every timed generate request")

        let figure = try #require(
            measured.measurements().first { $0.metric == "energy.llm_per_1000_tokens" && $0.workloadID == workload.id })
        let value = try #require(figure.value, "\(figure.reason ?? "")")
        let exact =
            EnergyFixtures.joules(fromNs: Int64(window.beginNs), toNs: Int64(window.endNs)) * 1000
            / Double(window.tokens)
        let error = (value - exact) / exact
        print(
            "llm energy end-to-end: \(window.tokens) tokens over \(window.durationS) s, \(value) J/1000 tokens vs trace \(exact), relative error \(error)"
        )
        #expect(abs(error) <= 0.005, "\(figure.evidence)")
        #expect(figure.valid == generation.valid)
        #expect(figure.evidence.contains("AITC-TEST,TRACE-SCPI") && figure.evidence.contains("\(window.tokens) tokens"))
        #expect(measured.report().notes.contains { $0.hasPrefix("window \(workload.id)/generate") })

        // No meter: absent with the reason, never a number.
        let absent = try #require(none.measurements().first { $0.metric == "energy.llm_per_1000_tokens" })
        #expect(absent.value == nil && absent.reason?.contains("no energy meter") == true, "\(absent.reason ?? "")")

        // Through the report: the measured figure replaces the placeholder.
        let merged = MeasurementBuilder().measurements(for: record).filter { $0.metric == "energy.llm_per_1000_tokens" }
        #expect(merged.contains { $0.value == value })
    }

    /// The LLM workload's untimed quality pass is its ranging pass: a PTDaemon given no ranges fixes
    /// them there, so the generation window has a stated uncertainty (without the pass it would run
    /// under automatic ranging and the figure's uncertainty would be incomplete).
    @Test func aPtdMeterRangesOverTheLLMQualityPass() throws {
        let simulator = try PtdSimulator()
        defer { simulator.stop() }
        let url = "ptd://127.0.0.1:\(simulator.port)?interval_ms=50&timeout_ms=3000&settle_s=0"
        let instrument = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: url)], rules: EnergyFixtures.rules, logger: EnergyFixtures.logger)
        let record = try CertificationRun(
            suite: try Self.suite(), mode: Self.mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            instruments: [instrument], logger: EnergyFixtures.logger
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let workload = try #require(record.workloads.first)
        #expect(
            instrument.report().notes.contains { $0.contains("ranges fixed at V 230") && $0.contains(workload.id) },
            "\(instrument.report().notes)")
        let figure = try #require(instrument.measurements().first { $0.metric == "energy.llm_per_1000_tokens" })
        #expect(figure.value != nil && figure.uncertainty != nil, "\(figure.reason ?? "")")
        #expect(figure.uncertaintyMissing == nil, "\(figure.uncertaintyMissing ?? "")")
        // The ranging pass ran under automatic ranging, the timed window under the fixed ranges.
        let ranges = simulator.received.filter { $0.hasPrefix("SR,A,") }
        #expect(ranges.first == "SR,A,Auto" && ranges.last != "SR,A,Auto", "\(ranges)")
    }
}
