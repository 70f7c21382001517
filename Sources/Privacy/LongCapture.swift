import Foundation
import Harness

#if canImport(Glibc)
import Glibc
#endif

/// Gateway mode's long capture (`--privacy-capture DURATION`): the capture on the device's link
/// starts before the run's first connection and lasts at least ``seconds`` — the timed run, the
/// privacy session and the idle time after it, a reboot the lab makes the device do included —
/// and every frame of it is judged (``RemotePrivacyAudit``), not only the privacy session's.
package struct LongCapture: Sendable {
    /// The running capture (receive only: no address, no socket that could send).
    package let sink: SinkServer
    /// When it started (CLOCK_REALTIME ns).
    package let beginNs: Int64
    /// How long it lasts at least.
    package let seconds: Double

    /// Starts capturing on `interface` for at least `seconds`.
    package static func start(interface: String, seconds: Double) throws(PrivacyError) -> LongCapture {
        var limits = SinkServer.Limits()
        limits.maxSeconds = seconds + 24 * 3600
        let sink = SinkServer(namespace: nil, interface: interface, address: nil, limits: limits)
        try sink.start()
        return LongCapture(sink: sink, beginNs: WorkloadPass.realtimeNs(), seconds: seconds)
    }

    /// When the capture may stop (CLOCK_REALTIME ns).
    package var endNs: Int64 { beginNs + Int64(seconds * 1e9) }

    /// Sleeps until ``endNs`` (returns at once when it has passed).
    func awaitEnd() {
        while true {
            let left = endNs - WorkloadPass.realtimeNs()
            guard left > 0 else { return }
            usleep(UInt32(min(left / 1000, 1_000_000)))
        }
    }

    /// Parses a duration: `90`, `90s`, `30m`, `4h` (positive).
    package static func seconds(parsing text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let scale = units[last] {
            number = number.dropLast()
            unit = scale
        }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        return value * unit
    }
}
