import Testing

@testable import Metering

@Suite struct StandbyTests {
    let limit = StabilityLimit(relativePerHour: 0.01, absoluteWattsPerHour: 0.01)

    func readings(_ watts: (Double) -> Double, minutes: Int) -> [MeterSample] {
        (0...(minutes * 60)).map { second in
            MeterSample(timeNs: Int64(second) * 1_000_000_000, watts: watts(Double(second)))
        }
    }

    @Test func linearFitIsExactOnALine() throws {
        let fit = try #require(LinearFit(x: [0, 1, 2, 3], y: [1, 3, 5, 7]))
        #expect(abs(fit.slope - 2) < 1e-12)
        #expect(abs(fit.intercept - 1) < 1e-12)
        #expect(LinearFit(x: [1, 1], y: [2, 3]) == nil)
    }

    @Test func flatReadingsAreStable() throws {
        let samples = readings({ 0.4 + ($0.truncatingRemainder(dividingBy: 2) == 0 ? 0.001 : -0.001) }, minutes: 10)
        let result = try #require(
            StandbyAnalysis.evaluate(samples, identity: Fixtures.identity(), minimumSamples: 10, limit: limit)
                .measurement)
        #expect(result.stable)
        #expect(abs(result.meanWatts - 0.4) < 1e-5)
        #expect(abs(result.slopeWattsPerHour) < 0.001)
        #expect(result.uncertaintyWatts >= 0.001 * 0.4 + 0.01)
    }

    @Test func driftingReadingsAreUnstable() throws {
        // 0.5 W rising 0.05 W per hour: 10 %/h, above both limits.
        let samples = readings({ 0.5 + 0.05 * $0 / 3600 }, minutes: 10)
        let result = try #require(
            StandbyAnalysis.evaluate(samples, identity: Fixtures.identity(), minimumSamples: 10, limit: limit)
                .measurement)
        #expect(!result.stable)
        #expect(abs(result.slopeWattsPerHour - 0.05) < 1e-9)
        #expect(abs(result.relativeSlopePerHour - 0.05 / result.meanWatts) < 1e-9)
    }

    @Test func tooFewReadingsIsUnavailable() {
        let samples = readings({ _ in 0.3 }, minutes: 0)
        let result = StandbyAnalysis.evaluate(samples, identity: Fixtures.identity(), minimumSamples: 5, limit: limit)
        #expect(result.measurement == nil)
    }
}
