import Foundation
import Harness

/// Carries a start failure out of the sink thread.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: PrivacyError?

    func set(_ value: PrivacyError) {
        lock.lock()
        error = value
        lock.unlock()
    }

    func get() -> PrivacyError? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }
}
