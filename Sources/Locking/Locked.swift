import Foundation

/// A value guarded by a lock, shared between threads (a driver's polling thread and its caller, a
/// campaign's device threads and its display); a caller may block until the value satisfies a
/// condition (every change wakes the waiters). The one lock type of the package: `ArchitectureTests`
/// fails on an `NSLock` anywhere in `Sources/`.
package final class Locked<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Blocks the calling thread until `ready` holds, then runs `body` with exclusive access.
    package func wait<Result>(until ready: (Value) -> Bool, then body: (inout Value) -> Result) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while !ready(value) { condition.wait() }
        return body(&value)
    }
}

extension Locked where Value == Void {
    /// A lock that guards no value of its own: the state it protects is kept in the owner's
    /// properties, and every access to them goes through `withLock`.
    package convenience init() { self.init(()) }

    /// Runs `body` while holding the lock.
    package func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        try withLock { (_: inout Void) throws(Failure) -> Result in try body() }
    }
}
