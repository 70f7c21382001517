import Foundation

/// Runs blocking socket work on a thread of its own so the concurrency pool is never blocked.
enum BlockingWork {
    /// Runs `body` on a new thread and returns its result.
    static func run<T: Sendable>(
        _ name: String, _ body: @escaping @Sendable () throws(MeterError) -> T
    ) async throws(MeterError) -> T {
        let result: Result<T, MeterError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(MeterError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}
