import Foundation

/// A clean-up action that runs at most once, whichever thread asks first.
final class Teardown: @unchecked Sendable {
    private let lock = NSLock()
    private var action: (@Sendable () -> Void)?

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = action
    }

    /// Runs the action if it has not run yet.
    func runOnce() {
        lock.lock()
        let pending = action
        action = nil
        lock.unlock()
        pending?()
    }
}
