import Foundation

/// A known power profile: a base, a step, and a sine; its energy is known analytically.
package struct PowerTrace: Sendable {
    package var baseWatts = 10.0
    package var stepWatts = 5.0
    package var stepAtSeconds = 0.5
    package var sineWatts = 2.0
    package var sineHz = 1.3

    /// A trace; the defaults are 10 W, a 5 W step at 0.5 s and a 2 W sine at 1.3 Hz.
    package init(
        baseWatts: Double = 10, stepWatts: Double = 5, stepAtSeconds: Double = 0.5, sineWatts: Double = 2,
        sineHz: Double = 1.3
    ) {
        self.baseWatts = baseWatts
        self.stepWatts = stepWatts
        self.stepAtSeconds = stepAtSeconds
        self.sineWatts = sineWatts
        self.sineHz = sineHz
    }

    /// Power at `seconds` after the trace's origin.
    package func watts(at seconds: Double) -> Double {
        baseWatts + (seconds >= stepAtSeconds ? stepWatts : 0) + sineWatts * sin(2 * .pi * sineHz * seconds)
    }

    /// Exact energy between `from` and `to` seconds after the origin.
    package func joules(from a: Double, to b: Double) -> Double {
        let omega = 2 * .pi * sineHz
        let stepped = max(0, b - max(a, stepAtSeconds))
        return baseWatts * (b - a) + stepWatts * stepped + sineWatts / omega * (cos(omega * a) - cos(omega * b))
    }
}
