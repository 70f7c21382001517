import Testing

@testable import Metering

@Suite(.serialized) struct PtdMeterTests {
    func meter(_ simulator: PtdSimulator) throws(MeterError) -> PtdMeter {
        try PtdMeter(spec: MeterSpec(parsing: "ptd://127.0.0.1:\(simulator.port)?interval_ms=10&timeout_ms=1000"), logger: MeterRun.logger)
    }

    @Test func integratesTheTraceWithinHalfAPercent() throws {
        let simulator = try PtdSimulator()
        defer { simulator.stop() }
        let meter = try meter(simulator)
        #expect(try meter.identify().model == "AITC PTD simulator, WT-SIM")
        let run = try MeterRun.record(meter, seconds: 1.4)
        #expect(run.log.dropouts.isEmpty)
        let result = run.window(offsetNs: -3_000_000_000).evaluate(run.log, policy: EnergyPolicy(minimumSamples: 50, maximumGapFraction: 0.1))
        let measurement = try #require(result.measurement, "\(result)")
        let error = run.relativeError(measurement, trace: simulator.trace, seconds: simulator.seconds)
        print("PTDaemon simulator: \(measurement.sampleCount) samples, \(measurement.energyJoules) J, relative error \(error)")
        #expect(abs(error) <= 0.005)
    }

    @Test func refusesAServerThatIsNotAPTDaemon() throws {
        let simulator = try PtdSimulator(greeting: "Hello, SSH-2.0")
        defer { simulator.stop() }
        do {
            _ = try meter(simulator).identify()
            Issue.record("a wrong greeting was accepted")
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(error.message.contains("not a PTDaemon"))
        }
    }

    @Test func malformedLogLinesAreDropoutsAndOtherMarksAreIgnored() throws {
        let simulator = try PtdSimulator(extraLines: [
            "garbage", "Time,05-02-2021 02:12:46.379,Watts,nan,Mark,run_1",
            "Time,05-02-2021 02:12:46.379,Watts,999,Volts,230,Amps,4,Mark,ranging",
        ])
        defer { simulator.stop() }
        let run = try MeterRun.record(try meter(simulator), seconds: 0.5)
        #expect(run.log.dropouts.count == 2)
        #expect(!run.log.samples.contains { $0.watts == 999 })
        #expect(run.log.samples.count > 20)
    }

    @Test func labelsThatWouldBreakTheProtocolAreRefused() throws {
        let simulator = try PtdSimulator()
        defer { simulator.stop() }
        #expect(throws: MeterError.self) { try meter(simulator).start(label: "a,b") }
    }
}
