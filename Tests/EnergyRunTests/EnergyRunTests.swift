import Conformance
import Foundation
import Logging
import Metering
import TestSupport
import Testing

@testable import EnergyRun
@testable import Harness

/// End to end: a certification run of the digits workload on the local agent, watched by energy
/// instruments — an SCPI meter reading a known trace, no meter, an unreachable meter, and a meter
/// that drops out — and the agent's own sampling thread over a fake sysfs counter.
@Suite(.serialized)
struct EnergyRunTests {
    @Test func scpiMeterGivesEnergyPerInferenceWithinTheTraceTolerance() throws {
        let server = try TracePowerServer(watts: EnergyFixtures.watts)
        defer { server.stop() }
        let silent = try TracePowerServer(silentAfterIdentify: true, watts: EnergyFixtures.watts)
        defer { silent.stop() }
        let logger = EnergyFixtures.logger
        let rules = EnergyFixtures.rules
        let measured = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: server.url)], rules: rules, logger: logger)
        let none = try EnergyInstrument(meters: [], rules: rules, logger: logger)
        let unreachable = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: "scpi://127.0.0.1:1?timeout_ms=200")], rules: rules, logger: logger)
        let dropout = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: silent.url)], rules: rules, logger: logger)
        let record = try CertificationRun(
            suite: try EnergyFixtures.suite(), mode: EnergyFixtures.mode,
            driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
            instruments: [measured, none, unreachable, dropout], logger: logger
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let workload = try #require(record.workloads.first)
        let ss = try #require(workload.scenarios.first { $0.scenario == .singleStream })
        let offline = try #require(workload.scenarios.first { $0.scenario == .offline })

        // The measured meter: the figure matches the trace's exact energy over the device window.
        let figures = measured.measurements()
        let mj = try #require(figures.first { $0.metric == "energy.per_inference_mj" && $0.workloadID == workload.id })
        let value = try #require(mj.value, "\(mj.reason ?? "")")
        let exact = EnergyFixtures.joules(fromNs: Int64(ss.beginNs), toNs: Int64(ss.endNs)) * 1000 / Double(ss.queries)
        let error = (value - exact) / exact
        print(
            "energy end-to-end: \(ss.queries) queries over \(ss.durationS) s, \(value) mJ/query vs trace \(exact), relative error \(error)"
        )
        #expect(abs(error) <= 0.005, "\(mj.evidence)")
        #expect(mj.valid == ss.valid)
        #expect(mj.evidence.contains("AITC-TEST,TRACE-SCPI"))
        let uj = try #require(figures.first { $0.metric == "energy.per_inference_uj" && $0.workloadID == workload.id })
        #expect(abs((uj.value ?? 0) - value * 1000) <= 1e-6 * value * 1000)
        let spj = try #require(figures.first { $0.metric == "energy.samples_per_joule" })
        let exactOffline =
            Double(offline.samples) / EnergyFixtures.joules(fromNs: Int64(offline.beginNs), toNs: Int64(offline.endNs))
        if let measuredSpj = spj.value {
            print("energy end-to-end offline: \(measuredSpj) samples/J vs trace \(exactOffline)")
            #expect(abs(measuredSpj - exactOffline) / exactOffline <= 0.01)
        } else {
            #expect(spj.reason?.isEmpty == false)
        }
        let standby = try #require(figures.first { $0.metric == "energy.standby_power" })
        let standbyWatts = try #require(standby.value, "\(standby.reason ?? "")")
        #expect(standbyWatts > 7.5 && standbyWatts < 12.5)
        let increment = try #require(figures.first { $0.metric == "energy.ai_standby_increment" })
        #expect(increment.value == nil && increment.reason?.contains("always-on") == true)
        let report = measured.report()
        #expect(report.kind == "energy-meter")
        #expect(report.identity[server.url]?.contains("AITC-TEST,TRACE-SCPI") == true)
        #expect(report.uncertainty?.contains("0.1 % of reading") == true)
        #expect(report.notes.contains { $0.hasPrefix("window \(workload.id)/single-stream") })
        // meters[]: every meter given, identified or not (the report's meters section is built from these).
        #expect(
            report.meters == [
                MeterSection(
                    name: server.url, kind: "external", uncertainty: "±(0.1 % of reading + 0 W)",
                    model: "AITC-TEST,TRACE-SCPI,0001,1.0")
            ])
        #expect(unreachable.report().meters?.first?.unusable?.contains("could not identify") == true)
        #expect(none.report().meters == [])
        // The scorer sees the figure's uncertainty, as the guard band needs it.
        #expect((mj.uncertainty ?? 0) > 0 && mj.uncertaintyMissing == nil)

        // No meter, an unreachable meter, a meter that drops out: no value, a reason — never a number.
        for (instrument, expected) in [
            (none, "no energy meter"), (unreachable, "could not identify"), (dropout, "no-samples"),
        ] {
            let results = instrument.measurements().filter { $0.metric.hasPrefix("energy.") }
            #expect(!results.isEmpty)
            for result in results {
                #expect(result.value == nil, "\(instrument.name) gave \(result.metric) = \(result.value ?? 0)")
                #expect(result.reason?.isEmpty == false)
            }
            let perInference = results.first { $0.metric == "energy.per_inference_mj" }
            #expect(perInference?.reason?.contains(expected) == true, "\(perInference?.reason ?? "none")")
        }

        // Through the report: the measured meter's figures replace the placeholders.
        let merged = MeasurementBuilder().measurements(for: record)
        let mergedMj = merged.filter { $0.metric == "energy.per_inference_mj" && $0.workloadID == workload.id }
        #expect(mergedMj.contains { $0.value != nil })
    }

    @Test func agentSamplesAFakeCounterWithWrapAround() throws {
        // 2 W on a counter that wraps every 1.5 J: a 2.5 s window wraps at least once.
        let sysfs = try FakeSysfs(counterWatts: 2, rangeMicrojoules: 1_500_000, sensorWatts: 1.5)
        defer { sysfs.stop() }
        let transport = try LocalAgentDriver(
            agentPath: try AgentLocator.hostAgent(), extraEnvironment: ["AITC_SYSFS_ROOT": sysfs.root]
        ).connect()
        let client = AgentClient(transport: transport)
        defer { client.bye() }
        _ = try client.hello()
        let sampler = DeviceEnergySampler(client: client)
        try sampler.start(hz: 100)
        #expect(throws: AgentError.self) { try sampler.start(hz: 100) }  // one sampler at a time
        Thread.sleep(forTimeInterval: 2.5)
        let capture = try sampler.stop()
        #expect(capture.sampleHz == 100 && capture.dropped == 0)
        let counter = try #require(capture.sources.first { $0.name == "fake-rapl:0" })
        #expect(counter.kind == "energy_uj" && counter.max == 1_500_000)
        #expect(counter.tNs.count >= 150, "\(counter.tNs.count) readings at 100 Hz over 2.5 s")
        #expect(zip(counter.value, counter.value.dropFirst()).contains { $1 < $0 }, "the counter never wrapped")
        #expect(zip(counter.tNs, counter.tNs.dropFirst()).allSatisfy { $1 > $0 })
        let log = try #require(capture.log(source: "fake-rapl:0", label: "w", accuracy: nil))
        let begin = capture.startNs + 200_000_000
        let end = capture.stopNs - 200_000_000
        let window = EnergyWindow(beginDeviceNs: begin, endDeviceNs: end, offset: .sameClock)
        let result = window.evaluate(log, policy: EnergyPolicy(minimumSamples: 50, maximumGapFraction: 0.1))
        let measurement = try #require(result.measurement, "\(result)")
        #expect(measurement.method == .energyCounter)
        // Irregular read times do not bias the power readings made from the counter.
        let powers = PowerReadings.watts(log.samples, counterRangeJoules: log.identity.counterRangeJoules).compactMap(
            \.watts)
        #expect(abs(powers.reduce(0, +) / Double(powers.count) - 2) <= 0.06)
        let error =
            (measurement.energyJoules - sysfs.joules(fromNs: begin, toNs: end)) / sysfs.joules(fromNs: begin, toNs: end)
        print(
            "on-device counter: \(measurement.sampleCount) readings, \(measurement.energyJoules) J, relative error \(error)"
        )
        #expect(abs(error) <= 0.01)
        // The counter's range unknown: going backwards is then a reason, never a number.
        let noRange = MeterLog(
            identity: MeterIdentity(
                name: "x", model: "x", kind: .onDevice, sampleRateHz: 100, resolution: 1e-6,
                accuracy: MeterAccuracy(fractionOfReading: 0, floorWatts: 0)),
            label: "w", startNs: log.startNs, stopNs: log.stopNs, samples: log.samples, dropouts: [], reconnects: 0)
        #expect(
            window.evaluate(noRange, policy: EnergyPolicy(minimumSamples: 50, maximumGapFraction: 0.1)).unavailability?
                .reason == .counterRangeUnknown)
        // The power sensor comes back as watts.
        let sensor = try #require(capture.log(source: "hwmon0:fakechip:power1", label: "w", accuracy: nil))
        #expect(sensor.samples.allSatisfy { $0.watts == 1.5 })
        // Stop without start is refused.
        #expect(throws: AgentError.self) { _ = try sampler.stop() }
    }

    @Test func onDeviceCounterMeasuresARunThroughTheInstrument() throws {
        let sysfs = try FakeSysfs(counterWatts: 3, rangeMicrojoules: 2_000_000, sensorWatts: 1)
        defer { sysfs.stop() }
        let instrument = try EnergyInstrument(
            meters: [
                try EnergyMeterChoice(parsing: "device:fake-rapl:0"), try EnergyMeterChoice(parsing: "device:absent"),
            ],
            rules: EnergyFixtures.rules, logger: EnergyFixtures.logger)
        let record = try CertificationRun(
            suite: try EnergyFixtures.suite(), mode: EnergyFixtures.mode,
            driver: LocalAgentDriver(
                agentPath: try AgentLocator.hostAgent(), extraEnvironment: ["AITC_SYSFS_ROOT": sysfs.root]),
            instruments: [instrument], logger: EnergyFixtures.logger
        ).execute()
        #expect(record.complete, "\(record.incompleteReason ?? "")")
        let ss = try #require(record.workloads.first?.scenarios.first { $0.scenario == .singleStream })
        let mj = try #require(instrument.measurements().first { $0.metric == "energy.per_inference_mj" })
        let value = try #require(mj.value, "\(mj.reason ?? "")")
        let exact = sysfs.joules(fromNs: Int64(ss.beginNs), toNs: Int64(ss.endNs)) * 1000 / Double(ss.queries)
        print("on-device end-to-end: \(value) mJ/query vs \(exact)")
        #expect(abs(value - exact) / exact <= 0.01)
        #expect(mj.evidence.contains("device:fake-rapl:0") && mj.evidence.contains("no source named 'absent'"))
        let standby = try #require(instrument.measurements().first { $0.metric == "energy.standby_power" })
        // The fake counter's writer thread lags by a few ms under load; over a 1 s phase that is a few %.
        #expect(abs((standby.value ?? 0) - 3) <= 0.15, "\(standby.reason ?? "") \(standby.evidence)")
        #expect(instrument.report().uncertainty?.contains("not stated by the device") == true)
    }
}
