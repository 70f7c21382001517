import Foundation
import Locking
import X509

/// Chains the full X.509 verifier validated, by the exact certificates presented and the root,
/// shared by every ``BundleVerifier`` of the process: a lab signs thousands of reports with one
/// certificate, and path building with its signature checks was 6 % of a publish.
///
/// Only expiry depends on the time a chain is checked at (RFC 5280's policy here checks nothing
/// else that changes with the time), so a kept chain is reused only when the new signing time is
/// more than a second inside every certificate's validity; at or near a boundary the full
/// verifier runs again and gives its own answer and words. Revocation and scope are checked on
/// every bundle, after the chain.
package final class ChainCache: Sendable {
    /// At most this many chains are kept; the cache is emptied when it would grow past it.
    package static let capacity = 4_096

    /// The one cache of the process.
    package static let shared = ChainCache()

    private struct Key: Hashable {
        let root: Certificate
        let presented: [Certificate]
    }

    private let chains = Locked<[Key: [Certificate]]>([:])

    /// Creates an empty cache.
    package init() {}

    /// The chain validated earlier for these certificates and this root, if `time` is more than a
    /// second inside the validity of every certificate in it.
    package func chain(root: Certificate, presented: [Certificate], at time: Date) -> [Certificate]? {
        guard let chain = chains.withLock({ $0[Key(root: root, presented: presented)] }) else { return nil }
        let inside = chain.allSatisfy {
            $0.notValidBefore.addingTimeInterval(1) < time && time < $0.notValidAfter.addingTimeInterval(-1)
        }
        return inside ? chain : nil
    }

    /// Keeps a chain the full verifier validated for these certificates and this root.
    package func keep(_ chain: [Certificate], root: Certificate, presented: [Certificate]) {
        chains.withLock { chains in
            if chains.count >= Self.capacity { chains.removeAll() }
            chains[Key(root: root, presented: presented)] = chain
        }
    }

    /// How many chains are held.
    package var count: Int { chains.withLock { $0.count } }
}
