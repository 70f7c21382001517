import Foundation
import Testing

@testable import Metering

@Suite(.serialized) struct ScpiMeterTests {
    func meter(_ simulator: ScpiSimulator, _ options: String = "") throws -> ScpiMeter {
        try ScpiMeter(spec: MeterSpec(parsing: "scpi://127.0.0.1:\(simulator.port)?preset=yokogawa-wt&rate=200\(options)"), logger: MeterRun.logger)
    }

    @Test func integratesTheTraceWithinHalfAPercent() throws {
        let simulator = try ScpiSimulator()
        defer { simulator.stop() }
        let meter = try meter(simulator)
        let identity = try meter.identify()
        #expect(identity.model == "AITC-SIM,WT-SIM,0001,1.0")
        #expect(identity.kind == .external)
        let run = try MeterRun.record(meter, seconds: 1.4)
        #expect(run.log.dropouts.isEmpty)
        let result = run.window(offsetNs: 7_000_000_000).evaluate(run.log, policy: EnergyPolicy(minimumSamples: 50, maximumGapFraction: 0.1))
        let measurement = try #require(result.measurement, "\(result)")
        let error = run.relativeError(measurement, trace: simulator.trace, seconds: simulator.seconds)
        print("SCPI simulator: \(measurement.sampleCount) samples, \(measurement.energyJoules) J, relative error \(error)")
        #expect(abs(error) <= 0.005)
        #expect(measurement.uncertaintyJoules > 0)
    }

    @Test func silenceIsAGapNotANumber() throws {
        // A long silence (0.6 s of a 1.4 s window) so the gap stays over the 20% limit even when a
        // loaded machine delays the polls around it.
        let simulator = try ScpiSimulator { _, seconds in (0.4..<1.0).contains(seconds) ? .silent : .answer }
        defer { simulator.stop() }
        let meter = try meter(simulator, "&timeout_ms=100")
        let run = try MeterRun.record(meter, seconds: 1.4)
        #expect(run.log.dropouts.contains { $0.reason.contains("no reply") })
        #expect(run.log.reconnects >= 1)
        #expect(run.log.samples.contains { simulator.seconds($0.timeNs) > 1.0 })  // it recovered
        #expect(!run.log.samples.contains { (0.45..<0.95).contains(simulator.seconds($0.timeNs)) })
        let window = run.window(offsetNs: 0)
        let strict = window.evaluate(run.log, policy: EnergyPolicy(minimumSamples: 10, maximumGapFraction: 0.2))
        #expect(strict.unavailability?.reason == .gapTooLong)
        let loose = window.evaluate(run.log, policy: EnergyPolicy(minimumSamples: 10, maximumGapFraction: 0.8))
        #expect(loose.measurement != nil)
    }

    @Test func reconnectsOnceAfterADroppedConnection() throws {
        let simulator = try ScpiSimulator { index, _ in index == 20 ? .close : .answer }
        defer { simulator.stop() }
        let run = try MeterRun.record(try meter(simulator), seconds: 1.0)
        #expect(run.log.reconnects == 1)
        #expect(run.log.dropouts.count == 1)
        #expect(run.log.samples.count > 30)
        let result = run.window(offsetNs: 0).evaluate(run.log, policy: EnergyPolicy(minimumSamples: 30, maximumGapFraction: 0.1))
        let measurement = try #require(result.measurement, "\(result)")
        #expect(abs(run.relativeError(measurement, trace: simulator.trace, seconds: simulator.seconds)) <= 0.005)
    }

    @Test func malformedRepliesAreDropoutsNeverReadings() throws {
        let bad = [10: "garbage", 20: "1.0E+01,2.0E+00", 30: "NAN", 40: "9.91E+37", 50: ""]
        let simulator = try ScpiSimulator { index, _ in bad[index].map { .reply($0) } ?? .answer }
        defer { simulator.stop() }
        let run = try MeterRun.record(try meter(simulator), seconds: 0.6)
        #expect(run.log.dropouts.count == 5)
        #expect(run.log.reconnects == 0)
        #expect(run.log.samples.allSatisfy { ($0.watts ?? .nan) > 7 && ($0.watts ?? .nan) < 18 })
        #expect(run.log.dropouts.contains { $0.reason.contains("expected one field, got 2") })
    }

    @Test func unreachableInstrumentIsAnError() throws {
        let simulator = try ScpiSimulator()
        let port = simulator.port
        simulator.stop()
        Thread.sleep(forTimeInterval: 0.2)  // the listener closes within one 50 ms poll
        let meter = try ScpiMeter(spec: MeterSpec(parsing: "scpi://127.0.0.1:\(port)?timeout_ms=200"), logger: MeterRun.logger)
        #expect(throws: MeterError.self) { try meter.start(label: "x") }
        #expect(throws: MeterError.self) { try meter.stop() }
    }
}
