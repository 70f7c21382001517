import Testing

@testable import Metering

@Suite struct CounterTests {
    let window = EnergyWindow(beginDeviceNs: 0, endDeviceNs: 10_000_000_000, offset: .sameClock)

    /// A counter gaining 7 J per second, starting near its wrap value.
    func counter(range: Double, start: Double) -> [MeterSample] {
        (0...10).map { second in
            let raw = (start + 7 * Double(second)).truncatingRemainder(dividingBy: range)
            return MeterSample(timeNs: Int64(second) * 1_000_000_000 + 500_000_000, joules: raw)
        }
    }

    @Test func counterDifferencesGiveEnergy() throws {
        let samples = counter(range: 1e9, start: 100)
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(range: 1e9), policy: Fixtures.lenient).measurement)
        #expect(measurement.method == .energyCounter)
        #expect(abs(measurement.averagePowerWatts - 7) < 1e-9)
        #expect(abs(measurement.energyJoules - 70) < 1e-9)
    }

    @Test func counterWrapsAtItsRange() throws {
        let samples = counter(range: 262.143328850, start: 230)  // wraps between the 4th and 5th readings
        #expect(samples.map { $0.joules! } != samples.map { $0.joules! }.sorted())
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(range: 262.143328850), policy: Fixtures.lenient)
                .measurement)
        #expect(abs(measurement.averagePowerWatts - 7) < 1e-9)
    }

    @Test func counterGoingBackwardsWithoutRangeIsUnavailable() {
        let samples = counter(range: 50, start: 20)
        let result = window.evaluate(samples, identity: Fixtures.identity(range: nil), policy: Fixtures.lenient)
        #expect(result.unavailability?.reason == .counterRangeUnknown)
    }

    @Test func deltasUnwrapOnce() {
        #expect(WindowSamples.counterDeltas([90, 95, 3], range: 100) == [5, 8])
        #expect(WindowSamples.counterDeltas([90, 3], range: nil) == nil)
    }
}
