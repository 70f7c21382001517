import Locking

/// Runs async work to completion from synchronous command code.
enum Blocking {
    /// Starts `body` as a task and blocks the calling thread until it has returned its value.
    static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let result = Locked<T?>(nil)
        Task {
            let value = await body()
            result.withLock { $0 = value }
        }
        return result.wait(until: { $0 != nil }, then: { $0! })
    }
}
