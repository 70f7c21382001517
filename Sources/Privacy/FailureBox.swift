import Harness
import Locking
import Metering

/// Carries a start failure out of the sink thread.
final class FailureBox: Sendable {
    private let error = Locked<PrivacyError?>(nil)

    func set(_ value: PrivacyError) {
        error.withLock { $0 = value }
    }

    func get() -> PrivacyError? {
        error.withLock { $0 }
    }
}
