import Foundation
import TestSupport
import Testing

@testable import Metering

@Suite(.serialized) struct ScpiMeterTests {
    func meter(_ simulator: ScpiSimulator, _ options: String = "") throws -> ScpiMeter {
        try ScpiMeter(
            spec: MeterSpec(parsing: "scpi://127.0.0.1:\(simulator.port)?preset=yokogawa-wt&rate=200\(options)"),
            logger: MeterRun.logger)
    }

    @Test func integratesTheTraceWithinHalfAPercent() throws {
        let simulator = try ScpiSimulator()
        defer { simulator.stop() }
        let meter = try meter(simulator)
        let identity = try meter.identify()
        #expect(identity.model == "YOKOGAWA,WT310E,C2SIM0001,F1.03")
        #expect(identity.kind == .external)
        let run = try MeterRun.record(meter, seconds: 1.4)
        #expect(run.log.dropouts.isEmpty)
        let result = run.window(offsetNs: 7_000_000_000).evaluate(
            run.log, policy: EnergyPolicy(minimumSamples: 50, maximumGapFraction: 0.1))
        let measurement = try #require(result.measurement, "\(result)")
        let error = run.relativeError(measurement, trace: simulator.trace, seconds: simulator.seconds)
        print(
            "SCPI simulator: \(measurement.sampleCount) samples, \(measurement.energyJoules) J, relative error \(error)"
        )
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
        let result = run.window(offsetNs: 0).evaluate(
            run.log, policy: EnergyPolicy(minimumSamples: 30, maximumGapFraction: 0.1))
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
        let meter = try ScpiMeter(
            spec: MeterSpec(parsing: "scpi://127.0.0.1:\(port)?timeout_ms=200"), logger: MeterRun.logger)
        #expect(throws: MeterError.self) { try meter.start(label: "x") }
        #expect(throws: MeterError.self) { try meter.stop() }
    }

    /// The WT300E datasheet's terms with the range read from the instrument: 0.5 W on the 75 W
    /// range (150 V × 0.5 A) is ±(0.1 % × 0.5 + 0.05 % × 75) W = ±7.6 %, not the ±0.1 % the preset
    /// used to state; without the load's power factor the statement is incomplete.
    @Test func accuracyHasTheDatasheetsRangeAndPowerFactorTerms() throws {
        let standby = try ScpiSimulator(trace: PowerTrace(baseWatts: 0.5, stepWatts: 0, sineWatts: 0))
        defer { standby.stop() }
        let stated = try meter(standby, "&pf=1")
        _ = try stated.identify()
        let run = try MeterRun.record(stated, seconds: 0.6)
        #expect(run.log.statement?.rangeWatts == 75)
        let m = try #require(
            run.window(offsetNs: 0).evaluate(run.log, policy: EnergyPolicy(minimumSamples: 20, maximumGapFraction: 0.2))
                .measurement)
        #expect(
            m.relativeUncertainty > 0.075 && m.relativeUncertainty < 0.08 && m.uncertaintyIncomplete == nil,
            "\(m.relativeUncertainty)")
        // λ = 0.5 adds P·tanφ·0.1 % and halves the range term (it is a fraction of the VA range).
        let half = MeterAccuracy(
            fractionOfReading: 0.001, floorWatts: 0, fractionOfRange: 0.0005, rangeWatts: 75,
            powerFactorFraction: 0.001, powerFactor: 0.5)
        #expect(abs(half.uncertainty(ofWatts: 0.5) - (0.0005 + 0.01875 + 0.5 * 3.0.squareRoot() * 0.001)) < 1e-12)

        // Controls: no pf= leaves the power-factor term missing; an unread range leaves the range term missing.
        let unstated = try meter(standby)
        _ = try unstated.identify()
        let open = try MeterRun.record(unstated, seconds: 0.6)
        let incomplete = try #require(
            open.window(offsetNs: 0).evaluate(
                open.log, policy: EnergyPolicy(minimumSamples: 20, maximumGapFraction: 0.2)
            ).measurement)
        #expect(incomplete.uncertaintyIncomplete?.contains("power factor") == true)
        #expect(
            MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0, fractionOfRange: 0.0005).missingTerm?.contains(
                "range in use") == true)
    }

    /// `*IDN?` must name the preset's family: another instrument on the Yokogawa preset is refused.
    @Test func anotherInstrumentOnThePresetIsRefused() throws {
        let other = try ScpiSimulator(identify: "KEITHLEY INSTRUMENTS,MODEL 2281S-20-6,4378123,1.0")
        defer { other.stop() }
        #expect { try meter(other).identify() } throws: { error in
            (error as? MeterError)?.message.contains("not a Yokogawa WT300E-series analyzer") == true
        }
        let generic = try ScpiMeter(
            spec: MeterSpec(parsing: "scpi://127.0.0.1:\(other.port)?preset=generic"), logger: MeterRun.logger)
        #expect(try generic.identify().model.hasPrefix("KEITHLEY"))
    }
}
