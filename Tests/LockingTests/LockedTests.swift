import Foundation
import Locking
import Testing

/// `Locked` is the package's one lock type: what it guards is changed by one thread at a time, and a
/// waiter wakes on the change it waits for.
@Suite("Locked: the one lock type")
struct LockedTests {
    @Test("increments from many threads are none of them lost")
    func noLostUpdates() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test("a lock over the owner's own properties serialises the bodies it runs")
    func voidLockSerialises() {
        final class Tally: @unchecked Sendable {
            let lock = Locked()
            var count = 0
        }
        let tally = Tally()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { tally.lock.withLock { tally.count += 1 } }
        }
        #expect(tally.lock.withLock { tally.count } == 80_000)
    }

    @Test("a waiter wakes when another thread makes its condition true, and sees that value")
    func waitWakesOnChange() {
        let value = Locked(0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for step in 1...5 { value.withLock { $0 = step } }
            done.signal()
        }
        let seen = value.wait(until: { $0 == 5 }, then: { $0 })
        #expect(seen == 5)
        done.wait()
    }

    @Test("a body's error reaches the caller, and the lock is released after it")
    func throwingBodyReleases() {
        struct Refused: Error {}
        let value = Locked(1)
        #expect(throws: Refused.self) { try value.withLock { _ throws(Refused) in throw Refused() } }
        #expect(value.withLock { $0 } == 1)
    }
}
