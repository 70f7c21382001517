import Foundation
import TestSupport
import Testing

@testable import Metering

/// The done-means, per trace: the PTDaemon simulator marking one sample in 20 as −1 with its
/// clock 500 ms ahead, five power traces, each at 100 ms and at 1 s sampling (MLPerf's interval) —
/// the energy of the window within its stated uncertainty of the trace's exact energy. The table of
/// errors is printed (`PTD trace …` lines) for the note.
@Suite struct PtdTraceErrorTests {
    /// A trace with the step placed inside the window whatever the interval (the window opens after
    /// the identify-time clock measurement, about 10 intervals after the simulator starts).
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let trace: @Sendable (Double) -> PowerTrace
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "flat 10 W") { _ in PowerTrace(baseWatts: 10, stepWatts: 0, sineWatts: 0) },
        Case(name: "10 W, 5 W step mid-window") { interval in
            PowerTrace(baseWatts: 10, stepWatts: 5, stepAtSeconds: 20 * interval, sineWatts: 0)
        },
        Case(name: "10 W + 5 W step + 2 W sine 1.3 Hz") { interval in
            PowerTrace(stepAtSeconds: 20 * interval)
        },
        Case(name: "10 W + 2 W sine 0.13 Hz") { _ in PowerTrace(baseWatts: 10, stepWatts: 0, sineHz: 0.13) },
        Case(name: "standby 0.5 W flat") { _ in PowerTrace(baseWatts: 0.5, stepWatts: 0, sineWatts: 0) },
    ]

    @Test(arguments: cases, [100, 1000])
    func theEnergyOfEachTraceIsWithinItsStatedUncertainty(_ trace: Case, intervalMs: Int) throws {
        let interval = Double(intervalMs) / 1000
        let simulator = try PtdSimulator(trace: trace.trace(interval), behaviour: PtdMeterTests.hostile)
        defer { simulator.stop() }
        let meter = try PtdMeter(
            spec: MeterSpec(
                parsing:
                    "ptd://127.0.0.1:\(simulator.port)?interval_ms=\(intervalMs)&timeout_ms=3000&settle_s=0\(PtdMeterTests.fixedRanges)"
            ),
            logger: MeterRun.logger)
        _ = try meter.identify()
        // 22 intervals: the run rules' 10 samples and then some, with marked samples inside.
        let run = try MeterRun.record(meter, seconds: 22 * interval)
        let policy = EnergyPolicy(minimumSamples: 10, maximumGapFraction: 0.2)
        let m = try #require(run.window(offsetNs: 0).evaluate(run.log, policy: policy).measurement)
        let error = run.relativeError(m, trace: simulator.trace, seconds: simulator.seconds)
        print(
            String(
                format: "PTD trace | %@ | %d ms | %d intervals, %d marked | error %+.3f %% | stated ±%.2f %%",
                trace.name,
                intervalMs, m.sampleCount, run.log.statement?.errorSamples ?? 0, error * 100,
                m.relativeUncertainty * 100))
        #expect(
            abs(error) <= m.relativeUncertainty,
            "\(trace.name) at \(intervalMs) ms: \(m.sampleCount) intervals, gap \(m.largestGapFraction)")
        #expect(m.uncertaintyIncomplete == nil)
    }
}
