import Foundation
import Metering

/// Waits for an async meter call from the run's synchronous hooks. The meter drivers do their
/// blocking socket work on threads of their own, so the wait needs only one free pool thread.
enum AsyncBridge {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws(MeterError) -> T) -> Result<T, MeterError> {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do throws(MeterError) {
                box.set(.success(try await body()))
            } catch {
                box.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        return box.get()!
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<T, MeterError>?
        func set(_ result: Result<T, MeterError>) { lock.withLock { value = result } }
        func get() -> Result<T, MeterError>? { lock.withLock { value } }
    }
}
