import Foundation

/// The PTDaemon host's clock offset applied to one window: measured before it (at identify or after
/// the previous window) and again right after it; the window takes their mean, and half their
/// difference — the drift over the window — adds to the larger of their uncertainties.
struct PtdWindowClock: Sendable, Equatable {
    let before: PtdClockOffset
    /// Nil when the daemon gave no readable `RL,1` sample after the window.
    let after: PtdClockOffset?

    /// Daemon host minus this host over the window, in ns.
    var offsetNs: Double { after.map { (before.offsetNs + $0.offsetNs) / 2 } ?? before.offsetNs }

    /// The offset's change between the two measurements, in ns.
    var driftNs: Double { after.map { $0.offsetNs - before.offsetNs } ?? 0 }

    /// Half-width of the offset's bounds over the window, drift included, in ns.
    var uncertaintyNs: Double { max(before.uncertaintyNs, after?.uncertaintyNs ?? 0) + abs(driftNs) / 2 }

    /// Why the clock term is not complete, when the second measurement failed.
    var missing: String? {
        after == nil
            ? "the PTDaemon host's clock could not be measured again after the window, so its drift over the window is unknown"
            : nil
    }

    /// What the report says about the daemon's clock for the window.
    var summary: String {
        var text = String(
            format: "daemon host clock %+.1f ms ± %.1f ms before the window", before.offsetNs / 1e6,
            before.uncertaintyNs / 1e6)
        if let after {
            text += String(
                format: ", %+.1f ms ± %.1f ms after it (drift %+.1f ms over %.1f s, in the uncertainty)",
                after.offsetNs / 1e6,
                after.uncertaintyNs / 1e6, driftNs / 1e6, Double(after.measuredAtNs - before.measuredAtNs) / 1e9)
        }
        return text
    }
}
