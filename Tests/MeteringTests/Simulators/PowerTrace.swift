import Foundation

/// A known power profile: a base, a step, and a sine; its energy is known analytically.
struct PowerTrace: Sendable {
    var baseWatts = 10.0
    var stepWatts = 5.0
    var stepAtSeconds = 0.5
    var sineWatts = 2.0
    var sineHz = 1.3

    /// Power at `seconds` after the trace's origin.
    func watts(at seconds: Double) -> Double {
        baseWatts + (seconds >= stepAtSeconds ? stepWatts : 0) + sineWatts * sin(2 * .pi * sineHz * seconds)
    }

    /// Exact energy between `from` and `to` seconds after the origin.
    func joules(from a: Double, to b: Double) -> Double {
        let omega = 2 * .pi * sineHz
        let stepped = max(0, b - max(a, stepAtSeconds))
        return baseWatts * (b - a) + stepWatts * stepped + sineWatts / omega * (cos(omega * a) - cos(omega * b))
    }
}
