import Accreditation
import Foundation

/// Why a published entry is flagged: its lab certificate, or a certificate of its chain, is on the
/// revocation list the registry follows now. The entry itself is never changed (the log is
/// append-only); the notice is worked out on every read from the list as it is then.
package struct RevocationNotice: Sendable, Hashable, Codable {
    /// The revoked certificate's serial number (lowercase hex).
    package let serial: String
    /// The revoked certificate's subject, as the list names it.
    package let subject: String
    /// `true` for the lab certificate itself, `false` for a certificate between it and the root.
    package let labCertificate: Bool
    /// The list's reason (RFC 5280 names: `keyCompromise`, `superseded`, …).
    package let reason: String
    /// When the revocation takes effect (RFC 3339 UTC).
    package let revokedAt: String
    /// Whether it took effect after the registry accepted the entry.
    package let afterPublication: Bool
    /// Whether the revocation covers this report — verified now, it would be refused (a
    /// compromised key covers everything it signed; another reason what was signed from then on).
    package let coversReport: Bool
    /// The flag as a sentence, as the pages show it.
    package let notice: String

    enum CodingKeys: String, CodingKey {
        case serial, subject, reason, notice
        case labCertificate = "lab_certificate"
        case revokedAt = "revoked_at"
        case afterPublication = "after_publication"
        case coversReport = "covers_report"
    }

    /// The notice for an entry received at `receivedAt` whose report was signed at `signedAt`,
    /// when `revoked` is the list's entry for a certificate of its chain (`position` 0: the lab's).
    init(_ revoked: RevocationEntry, position: Int, receivedAt: Date?, signedAt: Date?) {
        serial = revoked.serial
        subject = revoked.subject
        labCertificate = position == 0
        reason = revoked.reason.rawValue
        revokedAt = Timestamp.format(revoked.revokedAt)
        afterPublication = receivedAt.map { revoked.revokedAt > $0 } ?? false
        coversReport = signedAt.map { revoked.reason.rejects(signedAt: $0, revokedAt: revoked.revokedAt) } ?? true
        let which = position == 0 ? "lab certificate" : "certificate \"\(revoked.subject)\" of the lab's chain"
        notice =
            "\(which) revoked on \(revokedAt) (\(afterPublication ? "after" : "before") publication), reason \(reason): "
            + (coversReport
                ? "the revocation covers this report; it would be refused now"
                : "the report was signed before the revocation took effect")
    }
}
