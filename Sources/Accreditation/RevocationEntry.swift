import Attestation
import Foundation

/// One revoked lab certificate in a ``RevocationList``.
public struct RevocationEntry: Sendable, Hashable {
    /// The certificate's serial number, lowercase hex.
    public let serial: String
    /// The certificate's subject common name, for people reading the list.
    public let subject: String
    /// Why it was revoked.
    public let reason: RevocationReason
    /// When the revocation takes effect.
    public let revokedAt: Date

    /// Creates an entry.
    public init(serial: String, subject: String, reason: RevocationReason, revokedAt: Date) {
        self.serial = serial
        self.subject = subject
        self.reason = reason
        self.revokedAt = revokedAt
    }

    var jsonValue: JSONValue {
        .object([
            "serial": .string(serial), "subject": .string(subject), "reason": .string(reason.rawValue),
            "revoked_at": .string(Timestamp.format(revokedAt)),
        ])
    }

    init(jsonValue: JSONValue) throws(AccreditationError) {
        guard let serial = jsonValue["serial"]?.stringValue, let subject = jsonValue["subject"]?.stringValue,
            let reasonText = jsonValue["reason"]?.stringValue, let revokedText = jsonValue["revoked_at"]?.stringValue
        else {
            throw AccreditationError(
                "a revocation entry lacks serial, subject, reason or revoked_at; the list is damaged")
        }
        guard let reason = RevocationReason(rawValue: reasonText) else {
            throw AccreditationError("a revocation entry has the unknown reason \"\(reasonText)\"")
        }
        guard let revokedAt = Timestamp.parse(revokedText) else {
            throw AccreditationError("a revocation entry has revoked_at \"\(revokedText)\", not an RFC 3339 time")
        }
        self.init(serial: serial, subject: subject, reason: reason, revokedAt: revokedAt)
    }
}
