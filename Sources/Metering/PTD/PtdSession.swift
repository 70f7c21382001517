/// An open PTDaemon connection carried from `start` to `stop`; used by one call at a time.
final class PtdSession: @unchecked Sendable {
    let client: PtdClient
    let label: String
    let startNs: Int64
    /// Monotonic minus local-wall-as-UTC when logging began.
    let wallToMonotonicNs: Int64

    init(client: PtdClient, label: String, startNs: Int64, wallToMonotonicNs: Int64) {
        self.client = client
        self.label = label
        self.startNs = startNs
        self.wallToMonotonicNs = wallToMonotonicNs
    }
}
