import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The tiny suite, mode and energy rules of the energy tests.
enum EnergyFixtures {
    static let rules = EnergyRules(
        deviceSampleHz: 200, minSamples: 20, maxGapFraction: 0.1, idleBaselineS: 0.3, subtractBaseline: false,
        standbyS: 1.0, standbyMinSamples: 10, stabilityRelativePerHour: 0.01, stabilityAbsoluteWattsPerHour: 0.01)

    static let mode = ModeRules(
        name: "energy-test", description: "short run with energy windows",
        singleStream: .init(minQueries: 200, minDurationS: 1.0, maxDurationS: 5),
        offline: .init(minSamples: 256, minDurationS: 0.5), cooldownS: 0, seed: 7, energy: rules)

    /// The smartphone suite cut down to the fp32 digits workload.
    static func suite() throws -> Suite {
        let full = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let digits = try #require(full.workloads.first { $0.id == "digits-cnn-fp32" })
        return Suite(
            id: full.id, version: full.version, title: full.title, deviceClass: full.deviceClass, clauses: full.clauses,
            workloads: [digits], path: full.path, sha256: full.sha256)
    }

    /// A known trace: 10 W plus a 2 W sine at 1.3 Hz, on the host monotonic clock.
    static let originNs = TracePowerServer.nowNs()
    static func watts(_ ns: Int64) -> Double {
        10 + 2 * sin(2 * .pi * 1.3 * Double(ns - originNs) / 1e9)
    }
    static func joules(fromNs a: Int64, toNs b: Int64) -> Double {
        let omega = 2 * .pi * 1.3
        let ta = Double(a - originNs) / 1e9
        let tb = Double(b - originNs) / 1e9
        return 10 * (tb - ta) + 2 / omega * (cos(omega * ta) - cos(omega * tb))
    }

    static let logger = Logger(label: "aitc.energy.tests")
}
