import Foundation

/// One result slot per campaign device, filled from the device threads.
final class OutcomeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CampaignOutcome?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ outcome: CampaignOutcome) {
        lock.lock()
        slots[index] = outcome
        lock.unlock()
    }

    /// Every outcome, in device order (every slot is filled once the threads are done).
    func all() -> [CampaignOutcome] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
