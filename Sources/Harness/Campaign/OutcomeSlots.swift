import Locking
import Metering

/// One result slot per campaign device, filled from the device threads.
final class OutcomeSlots: Sendable {
    private let slots: Locked<[CampaignOutcome?]>

    init(count: Int) {
        slots = Locked(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ outcome: CampaignOutcome) {
        slots.withLock { $0[index] = outcome }
    }

    /// Every outcome, in device order (every slot is filled once the threads are done).
    func all() -> [CampaignOutcome] {
        slots.withLock { $0.compactMap { $0 } }
    }
}
