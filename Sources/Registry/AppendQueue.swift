import Foundation

/// Verified bundles waiting to be appended, and the outcomes of those appended (group commit).
/// Each publisher queues its bundle, then takes the store's append lock; whoever holds the lock
/// appends everything queued so far in one transaction, so a publisher often finds its bundle
/// already appended by the one before it. No timer: a batch is what arrived while the previous
/// one was being written.
actor AppendQueue {
    /// The most bundles one transaction appends (bounds a batch's bind variables and its latency).
    static let maximumBatch = 128

    private var next: UInt64 = 0
    private var waiting: [PendingAppend] = []
    private var outcomes: [UInt64: Result<(entry: RegistryEntry, status: String), RegistryError>] = [:]

    /// Queues a verified bundle; returns its ticket.
    func add(bytes: Data, sha: String, indexed: IndexedReport, fields: String) -> UInt64 {
        next += 1
        waiting.append(PendingAppend(ticket: next, bytes: bytes, sha: sha, indexed: indexed, fields: fields))
        return next
    }

    /// Takes up to ``maximumBatch`` queued bundles, oldest first.
    func take() -> [PendingAppend] {
        let batch = Array(waiting.prefix(Self.maximumBatch))
        waiting.removeFirst(batch.count)
        return batch
    }

    /// Records the outcome of each appended ticket.
    func record(_ results: [UInt64: Result<(entry: RegistryEntry, status: String), RegistryError>]) {
        outcomes.merge(results) { _, new in new }
    }

    /// How many verified bundles wait to be appended.
    var waitingCount: Int { waiting.count }

    /// Whether a ticket's batch is done (its outcome waits to be taken).
    func isDone(_ ticket: UInt64) -> Bool {
        outcomes[ticket] != nil
    }

    /// Removes and returns a ticket's outcome, once its batch is done.
    func outcome(_ ticket: UInt64) -> Result<(entry: RegistryEntry, status: String), RegistryError>? {
        outcomes.removeValue(forKey: ticket)
    }
}
