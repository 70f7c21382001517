/// An open PTDaemon connection carried from `start` to `stop`; used by one call at a time.
final class PtdSession: @unchecked Sendable {
    let client: PtdClient
    let label: String
    let startNs: Int64
    /// Monotonic minus UTC wall clock when logging began.
    let wallToMonotonicNs: Int64
    /// The ranges set for the window, nil under automatic ranging.
    let ranges: String?
    /// The daemon host's clock offset measured right before the window, when that worked.
    let clockBefore: PtdClockOffset?

    init(
        client: PtdClient, label: String, startNs: Int64, wallToMonotonicNs: Int64, ranges: String?,
        clockBefore: PtdClockOffset?
    ) {
        self.clockBefore = clockBefore
        self.client = client
        self.label = label
        self.startNs = startNs
        self.wallToMonotonicNs = wallToMonotonicNs
        self.ranges = ranges
    }
}
