import Foundation
import Logging
import Metering
import Testing

@testable import EnergyRun
@testable import Harness

/// Every path checks timestamps, and windows are sized from the meter's interval.
@Suite struct PhaseTimestampTests {
    /// A meter whose readings are stamped `shiftNs` away from the window it was asked for.
    final class ShiftedMeter: PowerMeter, @unchecked Sendable {
        let shiftNs: Int64
        let identity: MeterIdentity
        let lock = NSLock()
        var startNs: Int64 = 0
        var label = ""
        init(shiftNs: Int64, rateHz: Double = 100) {
            self.shiftNs = shiftNs
            identity = MeterIdentity(
                name: "fake", model: "FAKE,1", kind: .external, sampleRateHz: rateHz, resolution: 0.001,
                accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0), intervalAverageSeconds: 1 / rateHz)
        }
        func identify() throws(MeterError) -> MeterIdentity { identity }
        func start(label: String) throws(MeterError) {
            lock.withLock {
                startNs = Int64(DispatchTime.now().uptimeNanoseconds)
                self.label = label
            }
        }
        func stop() throws(MeterError) -> MeterLog {
            let stopNs = Int64(DispatchTime.now().uptimeNanoseconds)
            let (begin, label) = lock.withLock { (startNs, self.label) }
            let step = max((stopNs - begin) / 12, 1)
            let samples = (1...11).map { MeterSample(timeNs: begin + Int64($0) * step + shiftNs, watts: 0.4) }
            return MeterLog(
                identity: identity, label: label, startNs: begin, stopNs: stopNs, samples: samples, dropouts: [],
                reconnects: 0)
        }
    }

    static let rules = EnergyRules(
        deviceSampleHz: 100, minSamples: 20, maxGapFraction: 0.2, idleBaselineS: 0, subtractBaseline: false,
        standbyS: 0.3, standbyMinSamples: 10, stabilityRelativePerHour: 1, stabilityAbsoluteWattsPerHour: 1)

    static func instrument(_ meter: ShiftedMeter) throws -> EnergyInstrument {
        let instrument = try EnergyInstrument(
            meters: [try EnergyMeterChoice(parsing: "ptd://127.0.0.1:4950?interval_ms=1000")], rules: rules,
            logger: Logger(label: "test"), makeMeter: { _, _ throws(MeterError) in meter })
        instrument.lock.withLock {
            instrument.state.identities["ptd://127.0.0.1:4950?interval_ms=1000"] = meter.identity
        }
        return instrument
    }

    @Test func standbyReadingsStampedHoursAwayAreLeftOutNotAveraged() throws {
        let nineHours: Int64 = 9 * 3600 * 1_000_000_000
        let shifted = try Self.instrument(ShiftedMeter(shiftNs: nineHours))
        shifted.measureStandby(rules: Self.rules)
        let result = try #require(shifted.lock.withLock { shifted.state.standby.first?.result })
        #expect(result.measurement == nil)
        #expect(shifted.report().notes.contains { $0.contains("11 of 11 readings stamped outside the phase") })

        // Control: the same meter with honest stamps gives a standby figure.
        let honest = try Self.instrument(ShiftedMeter(shiftNs: 0))
        honest.measureStandby(rules: Self.rules)
        #expect(honest.lock.withLock { honest.state.standby.first?.result.measurement } != nil)
    }

    @Test func windowsAreSizedFromTheMetersInterval() throws {
        let instrument = try Self.instrument(ShiftedMeter(shiftNs: 0, rateHz: 1))
        // 20 samples at 1 s: 21 s, for the phases and for the scenario windows.
        #expect(instrument.minimumWindowSeconds == 21)
        #expect(instrument.phaseSeconds(0.3, minimumSamples: 10) == 11)
        let quick = ModeRules.SingleStream(minQueries: 100, minDurationS: 1, maxDurationS: 5, stopWhenProven: true)
        let longer = WindowFloor.singleStream(quick, to: 21)
        #expect(longer.minDurationS == 21 && longer.maxDurationS == 21 && !longer.stopWhenProven)
        #expect(WindowFloor.singleStream(quick, to: 0) == quick)
    }
}
