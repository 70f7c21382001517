import Testing

@testable import Metering

@Suite struct EnergyWindowTests {
    let window = EnergyWindow(beginDeviceNs: 1_000_000_000, endDeviceNs: 11_000_000_000, offset: .sameClock)

    @Test func constantPowerGivesPowerTimesDuration() throws {
        let samples = Fixtures.constant(5, fromNs: 0, toNs: 12_000_000_000, stepNs: 100_000_000)
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(), policy: Fixtures.lenient).measurement)
        #expect(abs(measurement.averagePowerWatts - 5) < 1e-12)
        #expect(abs(measurement.energyJoules - 50) < 1e-9)
        #expect(measurement.sampleCount == 99)  // 1.0 s and 11.0 s themselves are excluded
        #expect(measurement.method == .powerSamples)
        #expect(abs(measurement.millijoulesPerInference(queries: 1000)! - 50) < 1e-9)
        #expect(abs(measurement.microjoulesPerInference(inferences: 1000)! - 50_000) < 1e-6)
        #expect(abs(measurement.samplesPerJoule(samples: 100)! - 2) < 1e-12)
        #expect(abs(measurement.joulesPerThousandTokens(tokens: 500)! - 100) < 1e-9)
        #expect(measurement.millijoulesPerInference(queries: 0) == nil)
    }

    @Test func samplesExactlyAtTheEdgesAreExcluded() throws {
        // A huge reading exactly at begin and at end must not count.
        let samples = [
            MeterSample(timeNs: 1_000_000_000, watts: 1000), MeterSample(timeNs: 2_000_000_000, watts: 4),
            MeterSample(timeNs: 10_000_000_000, watts: 4), MeterSample(timeNs: 11_000_000_000, watts: 1000),
        ]
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(), policy: Fixtures.lenient).measurement)
        #expect(measurement.sampleCount == 2)
        #expect(measurement.averagePowerWatts == 4)
    }

    @Test func clockOffsetMovesTheWindowOntoTheMeterClock() throws {
        // The device clock runs 100 s ahead of the meter host: device 101..111 s is host 1..11 s.
        let shifted = EnergyWindow(
            beginDeviceNs: 101_000_000_000, endDeviceNs: 111_000_000_000,
            offset: ClockOffset(deviceMinusHostNs: 100e9, uncertaintyNs: 0))
        let samples =
            Fixtures.constant(3, fromNs: 0, toNs: 12_000_000_000, stepNs: 100_000_000)
            + [MeterSample(timeNs: 50_000_000_000, watts: 99)]
        let measurement = try #require(
            shifted.evaluate(samples, identity: Fixtures.identity(), policy: Fixtures.lenient).measurement)
        #expect(abs(measurement.averagePowerWatts - 3) < 1e-9)
        #expect(measurement.sampleCount == 99)
    }

    @Test func trapezoidFollowsARamp() throws {
        // P(t) = t watts, sampled every 10 ms: trapezoid is exact for a line.
        let samples = stride(from: Int64(0), through: 12_000_000_000, by: 10_000_000).map {
            MeterSample(timeNs: $0, watts: Double($0) / 1e9)
        }
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(), policy: Fixtures.lenient).measurement)
        #expect(abs(measurement.energyJoules - 60) < 1e-6)  // ∫₁¹¹ t dt = 60
    }

    @Test func noSamplesIsUnavailable() {
        let result = window.evaluate([], identity: Fixtures.identity(), policy: Fixtures.lenient)
        #expect(result.unavailability?.reason == .noSamples)
        #expect(result.measurement == nil)
    }

    @Test func tooSparseIsUnavailable() {
        let samples = Fixtures.constant(5, fromNs: 2_000_000_000, toNs: 10_000_000_000, stepNs: 1_000_000_000)
        let policy = EnergyPolicy(minimumSamples: 10, maximumGapFraction: 1)
        let result = window.evaluate(samples, identity: Fixtures.identity(), policy: policy)
        #expect(result.unavailability?.reason == .tooSparse)
        let enough = EnergyPolicy(minimumSamples: 9, maximumGapFraction: 1)
        #expect(window.evaluate(samples, identity: Fixtures.identity(), policy: enough).measurement != nil)
    }

    @Test func longGapIsUnavailable() {
        // Samples every 0.1 s, but none between 3 s and 6 s: a 30 % gap.
        let samples = Fixtures.constant(5, fromNs: 0, toNs: 12_000_000_000, stepNs: 100_000_000)
            .filter { $0.timeNs <= 3_000_000_000 || $0.timeNs >= 6_000_000_000 }
        let strict = EnergyPolicy(minimumSamples: 2, maximumGapFraction: 0.25)
        #expect(
            window.evaluate(samples, identity: Fixtures.identity(), policy: strict).unavailability?.reason
                == .gapTooLong)
        let loose = EnergyPolicy(minimumSamples: 2, maximumGapFraction: 0.35)
        let measurement = window.evaluate(samples, identity: Fixtures.identity(), policy: loose).measurement
        #expect(abs((measurement?.largestGapFraction ?? 0) - 0.3) < 1e-9)
    }

    @Test func nonFiniteReadingsAreNeverUsed() throws {
        var samples = Fixtures.constant(5, fromNs: 0, toNs: 12_000_000_000, stepNs: 100_000_000)
        samples[50] = MeterSample(timeNs: samples[50].timeNs, watts: .nan)
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(), policy: Fixtures.lenient).measurement)
        #expect(measurement.sampleCount == 98)
        #expect(measurement.averagePowerWatts == 5)
    }

    @Test func baselineIsSubtractedWithItsUncertainty() throws {
        let samples = Fixtures.constant(5, fromNs: 0, toNs: 12_000_000_000, stepNs: 100_000_000)
        let baseline = PowerLevel(watts: 2, uncertaintyWatts: 0.03)
        let policy = EnergyPolicy(minimumSamples: 2, maximumGapFraction: 1, baseline: baseline)
        let measurement = try #require(
            window.evaluate(samples, identity: Fixtures.identity(), policy: policy).measurement)
        #expect(measurement.averagePowerWatts == 3)
        #expect(abs(measurement.energyJoules - 30) < 1e-9)
        // stated 0.001 × 5 + 0.01 = 0.015 W, baseline 0.03 W, in quadrature, × 10 s.
        let expected = (0.015 * 0.015 + 0.03 * 0.03).squareRoot() * 10
        #expect(abs(measurement.uncertaintyJoules - expected) < 1e-9)
        let above = EnergyPolicy(
            minimumSamples: 2, maximumGapFraction: 1, baseline: PowerLevel(watts: 6, uncertaintyWatts: 0))
        #expect(
            window.evaluate(samples, identity: Fixtures.identity(), policy: above).unavailability?.reason
                == .notAboveBaseline)
    }

    @Test func uncertaintyCombinesStatedSamplingAndClock() throws {
        // Alternating 4 W / 6 W every 0.1 s: successive differences of 2 W.
        let samples = stride(from: Int64(0), through: 12_000_000_000, by: 100_000_000).map {
            MeterSample(timeNs: $0, watts: ($0 / 100_000_000) % 2 == 0 ? 4 : 6)
        }
        let offset = ClockOffset(deviceMinusHostNs: 0, uncertaintyNs: 5_000_000)
        let shifted = EnergyWindow(beginDeviceNs: 1_000_000_000, endDeviceNs: 11_000_000_000, offset: offset)
        let measurement = try #require(
            shifted.evaluate(samples, identity: Fixtures.identity(resolution: 0.012), policy: Fixtures.lenient)
                .measurement)
        let n = Double(measurement.sampleCount)
        let stated = 0.001 * measurement.grossAveragePowerWatts + 0.01
        let resolution = 0.012 / 12.0.squareRoot()
        let sampling = 2 * (2 / 2.0.squareRoot()) / n.squareRoot()
        let watts = (stated * stated + resolution * resolution + sampling * sampling).squareRoot()
        let clock = 0.005 * (6 - 4)
        let expected = ((watts * 10) * (watts * 10) + clock * clock).squareRoot()
        #expect(abs(measurement.uncertaintyJoules - expected) < 1e-9)
        #expect(measurement.clockUncertaintySeconds == 0.005)
        #expect(abs(measurement.relativeUncertainty - expected / measurement.energyJoules) < 1e-12)
    }

    @Test func softwareEstimatesNeverQualify() throws {
        let samples = Fixtures.constant(5, fromNs: 0, toNs: 12_000_000_000, stepNs: 100_000_000)
        let estimate = try #require(
            window.evaluate(samples, identity: Fixtures.identity(kind: .softwareEstimate), policy: Fixtures.lenient)
                .measurement)
        #expect(!estimate.qualifying)
        let measured = try #require(
            window.evaluate(samples, identity: Fixtures.identity(kind: .onDevice), policy: Fixtures.lenient).measurement
        )
        #expect(measured.qualifying)
    }

    @Test func invalidWindowIsUnavailable() {
        let backwards = EnergyWindow(beginDeviceNs: 5, endDeviceNs: 5, offset: .sameClock)
        #expect(
            backwards.evaluate([], identity: Fixtures.identity(), policy: Fixtures.lenient).unavailability?.reason
                == .invalidWindow)
    }

    /// A step from 10 W to 20 W at 5 s, read as 1 s interval averages stamped at each interval's
    /// end: weighting each reading by its overlap with the window is exact; reading them as
    /// instants at their stamps (the negative control) misses by several percent.
    @Test func intervalAveragesAreWeightedByTheirOverlap() throws {
        let samples = (1...10).map { k in MeterSample(timeNs: Int64(k) * 1_000_000_000, watts: k <= 5 ? 10 : 20) }
        let window = EnergyWindow(beginDeviceNs: 500_000_000, endDeviceNs: 9_500_000_000, offset: .sameClock)
        let policy = EnergyPolicy(minimumSamples: 5, maximumGapFraction: 0.2)
        let averages = MeterIdentity(
            name: "ptd", model: "sim", kind: .external, sampleRateHz: 1, resolution: 0.001,
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0), intervalAverageSeconds: 1)
        let exact = try #require(window.evaluate(samples, identity: averages, policy: policy).measurement)
        #expect(abs(exact.energyJoules - 135) < 1e-9 && exact.method == .intervalAverages)
        let instants = MeterIdentity(
            name: "ptd", model: "sim", kind: .external, sampleRateHz: 1, resolution: 0.001,
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0))
        let lagged = try #require(window.evaluate(samples, identity: instants, policy: policy).measurement)
        #expect(abs(lagged.energyJoules - 135) / 135 > 0.03)
    }

    /// A reading marked out (a gap) is neither power nor zero: the average over the covered time
    /// stands for it and the gap term widens the uncertainty.
    @Test func aMissingIntervalIsAGapNotZero() throws {
        let samples = (1...10).filter { $0 != 4 }.map { k in MeterSample(timeNs: Int64(k) * 1_000_000_000, watts: 10) }
        let window = EnergyWindow(beginDeviceNs: 0, endDeviceNs: 10_000_000_000, offset: .sameClock)
        let identity = MeterIdentity(
            name: "ptd", model: "sim", kind: .external, sampleRateHz: 1, resolution: 0.001,
            accuracy: MeterAccuracy(fractionOfReading: 0.001, floorWatts: 0), intervalAverageSeconds: 1)
        let m = try #require(
            window.evaluate(
                samples, identity: identity, policy: EnergyPolicy(minimumSamples: 5, maximumGapFraction: 0.2)
            ).measurement)
        #expect(abs(m.energyJoules - 100) < 1e-9 && m.sampleCount == 9 && abs(m.largestGapFraction - 0.1) < 1e-9)
        #expect(
            window.evaluate(
                samples, identity: identity, policy: EnergyPolicy(minimumSamples: 5, maximumGapFraction: 0.05)
            ).measurement == nil)
    }
}
