import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One outage on demand: `cut()` kills (SIGKILL) the agent of the latest session the first time
/// it is called and does nothing after, so the reconnected session lives.
final class OutageSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: Int32?
    private var done = false

    /// The agent of the session just started.
    func started(_ pid: Int32) { lock.withLock { self.pid = pid } }

    /// Whether the outage happened.
    var happened: Bool { lock.withLock { done } }

    func cut() {
        lock.withLock {
            guard !done, let pid else { return }
            done = true
            _ = kill(pid, SIGKILL)
        }
    }
}
