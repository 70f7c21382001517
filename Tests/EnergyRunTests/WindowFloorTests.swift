import Conformance
import Foundation
import Logging
import Metering
import TestSupport
import Testing

@testable import EnergyRun
@testable import Harness

/// Every energy window is long enough for the run rules' `min_samples` readings from a meter that
/// samples once a second (MLPerf's PTDaemon interval): SingleStream, MultiStream, Server, Offline,
/// the LLM generations, and the ranging pass over every quality pass, the LLM's included.
@Suite(.serialized)
struct WindowFloorTests {
    /// A ranging meter reading once a second: one instant reading at every whole second of this
    /// host's monotonic clock inside the window, so a window of d seconds holds d ± 1 readings.
    final class OneHertzMeter: RangingMeter, @unchecked Sendable {
        let identity = MeterIdentity(
            name: "one-hertz", model: "AITC-TEST,ONE-HERTZ", kind: .external, sampleRateHz: 1, resolution: 0.001,
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0))
        let lock = NSLock()
        var startNs: Int64 = 0
        var label = ""
        var rangingStartNs: Int64 = 0
        var rangingSeconds: [Double] = []

        func identify() throws(MeterError) -> MeterIdentity { identity }
        func start(label: String) throws(MeterError) {
            lock.withLock {
                startNs = HostClock.monotonicNs()
                self.label = label
            }
        }
        func stop() throws(MeterError) -> MeterLog {
            let stopNs = HostClock.monotonicNs()
            let (begin, label) = lock.withLock { (startNs, self.label) }
            let second: Int64 = 1_000_000_000
            let first = (begin / second + 1) * second
            let samples = stride(from: first, to: stopNs, by: Int(second)).map { MeterSample(timeNs: $0, watts: 5) }
            return MeterLog(
                identity: identity, label: label, startNs: begin, stopNs: stopNs, samples: samples, dropouts: [],
                reconnects: 0)
        }
        func startRanging(label: String) throws(MeterError) {
            lock.withLock { rangingStartNs = HostClock.monotonicNs() }
        }
        func finishRanging() throws(MeterError) -> String {
            lock.withLock { rangingSeconds.append(Double(HostClock.monotonicNs() - rangingStartNs) / 1e9) }
            return "V 230 A 1"
        }
    }

    /// Three readings a window (data of this test's mode, as `min_samples` is in run-rules.yaml):
    /// at 1 s the floor is 4 s, while every scenario's own minimum duration is 0.
    static let rules = EnergyRules(
        deviceSampleHz: 100, minSamples: 3, maxGapFraction: 0.9, idleBaselineS: 0, subtractBaseline: false,
        standbyS: 0.5, standbyMinSamples: 3, stabilityRelativePerHour: 1, stabilityAbsoluteWattsPerHour: 1)

    static var mode: ModeRules {
        var mode = ModeRules(
            name: "one-hertz", description: "scenario minimums far shorter than a 1 s meter's window",
            singleStream: .init(minQueries: 8, minDurationS: 0, maxDurationS: 60),
            offline: .init(minSamples: 16, minDurationS: 0), cooldownS: 0, seed: 7, energy: rules)
        mode.multiStream = .init(samplesPerQuery: 8, minQueries: 2, minDurationS: 0, maxDurationS: 60)
        mode.server = .init(minQueries: 16, minDurationS: 0, searchSteps: 2)
        mode.llm = LLMRules(minPrompts: 2, minDurationS: 0, maxDurationS: 60)
        return mode
    }

    /// The service robot's MultiStream and Server workloads and the smartphone's LLM workload.
    static func suite() throws -> Suite {
        let loader = SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory)
        let robot = try loader.load("service-robot")
        let phone = try loader.load("smartphone")
        let llm = try #require(phone.workloads.first { $0.kind == .llm })
        return Suite(
            id: "one-hertz-windows", version: "0.1.0", title: "windows at 1 s sampling", deviceClass: .serviceRobot,
            clauses: [], workloads: robot.workloads + [llm], path: robot.path, sha256: robot.sha256)
    }

    @Test func everyWindowHoldsTheMinimumReadingsOfAOneSecondMeter() throws {
        let meter = OneHertzMeter()
        let instrument = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: "ptd://127.0.0.1:8888?interval_ms=1000")], rules: Self.rules,
            logger: EnergyFixtures.logger, makeMeter: { _, _ throws(MeterError) in meter })
        let record = try CertificationRun(
            suite: try Self.suite(), mode: Self.mode, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            instruments: [instrument], logger: EnergyFixtures.logger
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        #expect(instrument.minimumWindowSeconds == 4)

        let (scenarios, generations) = instrument.lock.withLock {
            (instrument.state.scenarios, instrument.state.generations)
        }
        let measured = Set(scenarios.map(\.result.scenario))
        #expect(measured.isSuperset(of: [.singleStream, .multiStream, .server]), "\(measured)")
        var windows = scenarios.map { ("\($0.workload.id)/\($0.result.scenario.rawValue)", $0.figures) }
        windows += generations.map { ("\($0.workload.id)/generate", $0.figures) }
        #expect(generations.count == 1)
        for (window, figures) in windows {
            let figure = try #require(figures.first?.result)
            let measurement = try #require(
                figure.measurement, "\(window): \(figure.unavailability.map { "\($0)" } ?? "")")
            print("one-hertz window \(window): \(measurement.sampleCount) readings")
            #expect(measurement.sampleCount >= Self.rules.minSamples, "\(window)")
        }
        // The ranging pass over each quality pass (the LLM's untimed generations included) lasted a window.
        let ranging = meter.lock.withLock { meter.rangingSeconds }
        #expect(ranging.count == record.workloads.count, "\(ranging)")
        #expect(ranging.allSatisfy { $0 >= 4 }, "\(ranging)")
    }

    /// Quick and certification modes as Suites/run-rules.yaml states them: with a 1 s meter, every
    /// scenario's rules reach (min_samples + 1) s.
    @Test func theRunRulesModesReachTheFloorOfAOneSecondMeter() throws {
        let file = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        for name in ["quick", "certification"] {
            let mode = try file.mode(name)
            let energy = try #require(mode.energy)
            let meter = PhaseTimestampTests.ShiftedMeter(shiftNs: 0, rateHz: 1)
            let instrument = try EnergyInstrument(
                meters: [try EnergyMeterChoice(parsing: "ptd://127.0.0.1:8888?interval_ms=1000")], rules: energy,
                logger: EnergyFixtures.logger, makeMeter: { _, _ throws(MeterError) in meter })
            instrument.lock.withLock {
                instrument.state.identities["ptd://127.0.0.1:8888?interval_ms=1000"] = meter.identity
            }
            let floor = instrument.minimumWindowSeconds
            #expect(floor == Double(energy.minSamples + 1), "\(name)")
            #expect(WindowFloor.singleStream(mode.singleStream, to: floor).minDurationS >= floor)
            #expect(WindowFloor.offline(mode.offline, to: floor).minDurationS >= floor)
            let multi = try #require(mode.multiStream)
            #expect(WindowFloor.multiStream(multi, to: floor).minDurationS >= floor)
            let server = try #require(mode.server)
            #expect(WindowFloor.server(server, to: floor).minDurationS >= floor)
            let llm = try #require(mode.llm)
            let longer = WindowFloor.llm(llm, to: floor)
            #expect(longer.minDurationS >= floor && longer.maxDurationS >= floor)
            // Quick mode's own minimums are shorter than the floor somewhere: the floor is what fills the window.
            if name == "quick" { #expect(mode.offline.minDurationS < floor && server.minDurationS < floor) }
        }
    }
}
