import Foundation

/// A flag a test thread polls to stop, and a signal that it has stopped.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private let finished = DispatchSemaphore(value: 0)

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    /// Called by the thread as it ends.
    func done() { finished.signal() }

    /// Waits for ``done()`` at most `seconds`.
    func waitDone(seconds: Double) { _ = finished.wait(timeout: .now() + seconds) }
}
