import Foundation

/// Why a lab certificate was revoked (names from RFC 5280 §5.3.1).
public enum RevocationReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The lab's private key is (or may be) in other hands: nothing it signed is trusted, whatever its date.
    case keyCompromise
    /// The lab rotated its key; reports signed before the revocation stay valid.
    case superseded
    /// The lab's scope or affiliation changed; reports signed before the revocation stay valid.
    case affiliationChanged
    /// The lab stopped certifying; reports signed before the revocation stay valid.
    case cessationOfOperation

    /// Whether a report signed at `signingTime` is rejected when the revocation took effect at `revokedAt`.
    ///
    /// A compromised key can sign with any date, so `keyCompromise` rejects everything; the other
    /// reasons reject what was signed at or after the revocation.
    public func rejects(signedAt signingTime: Date, revokedAt: Date) -> Bool {
        self == .keyCompromise || signingTime >= revokedAt
    }
}
