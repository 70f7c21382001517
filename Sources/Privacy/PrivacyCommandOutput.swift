import Foundation
import Harness

/// Collects the two output streams of a command from their reader threads.
final class PrivacyCommandOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [Int: Data] = [:]

    func set(_ index: Int, _ value: Data) {
        lock.lock()
        data[index] = value
        lock.unlock()
    }

    func texts() -> (String, String) {
        lock.lock()
        defer { lock.unlock() }
        return (String(decoding: data[0] ?? Data(), as: UTF8.self), String(decoding: data[1] ?? Data(), as: UTF8.self))
    }
}
