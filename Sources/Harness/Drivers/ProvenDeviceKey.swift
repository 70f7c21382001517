import Foundation

/// The device key a tcp device proved, kept across the driver's connections: every reconnection
/// must prove the same key as the first (a swap mid-run is refused even without a pin).
final class ProvenDeviceKey: @unchecked Sendable {
    private let lock = NSLock()
    private var proven: String??

    /// The fingerprint proven at the first connection (nil before it, or when the agent has none).
    var fingerprint: String? {
        lock.lock()
        defer { lock.unlock() }
        return proven ?? nil
    }

    /// Keeps the first connection's answer; refuses a later one that differs.
    func record(_ fingerprint: String?, device: String) throws(AgentError) {
        lock.lock()
        defer { lock.unlock() }
        guard let first = proven else {
            proven = .some(fingerprint)
            return
        }
        guard first == fingerprint else {
            throw AgentError(
                .agentRefused,
                "\(device): this connection proved device key \(fingerprint ?? "none"), the run's first proved \(first ?? "none"); "
                    + "refused (another box answered at this address)")
        }
    }
}
