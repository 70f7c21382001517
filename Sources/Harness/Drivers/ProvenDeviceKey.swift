import Locking
import Metering

/// The device key a tcp device proved, kept across the driver's connections: every reconnection
/// must prove the same key as the first (a swap mid-run is refused even without a pin).
final class ProvenDeviceKey: Sendable {
    /// `nil` before the first connection; then its answer (itself `nil` when the agent has no key).
    private let proven = Locked<String??>(nil)

    /// The fingerprint proven at the first connection (nil before it, or when the agent has none).
    var fingerprint: String? {
        proven.withLock { $0 ?? nil }
    }

    /// Keeps the first connection's answer; refuses a later one that differs.
    func record(_ fingerprint: String?, device: String) throws(AgentError) {
        try proven.withLock { proven throws(AgentError) in
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
}
