import Locking
import Metering

/// A clean-up action that runs at most once, whichever thread asks first.
final class Teardown: Sendable {
    private let action: Locked<(@Sendable () -> Void)?>

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = Locked(action)
    }

    /// Runs the action if it has not run yet.
    func runOnce() {
        let pending = action.withLock { action in
            defer { action = nil }
            return action
        }
        pending?()
    }
}
