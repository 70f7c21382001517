import Attestation
import Foundation

/// The accreditation root's list of revoked lab certificates, signed by the root key as a DSSE
/// envelope (payload type ``payloadType``). `aitc ca revoke` writes it; `aitc verify
/// --revocations` honours it only if the trust root's key signed it.
public struct RevocationList: Sendable, Hashable {
    /// The DSSE payload type of revocation lists.
    public static let payloadType = "application/vnd.aitc.revocation-list+json"
    /// The `type` member of the payload.
    public static let listType = "https://aitc.dev/revocation-list/v1"

    /// The key ID of the root that signs the list.
    public let issuerKeyID: String
    /// When the list was signed.
    public let issuedAt: Date
    /// The revoked certificates.
    public let entries: [RevocationEntry]

    /// Creates a list.
    public init(issuerKeyID: String, issuedAt: Date, entries: [RevocationEntry]) {
        self.issuerKeyID = issuerKeyID
        self.issuedAt = issuedAt
        self.entries = entries
    }

    /// The entry for the certificate with `serial` (lowercase hex), if revoked.
    public func entry(serial: String) -> RevocationEntry? {
        entries.first { $0.serial == serial }
    }

    /// The list signed by `root` as a DSSE envelope.
    public func signed(by root: SigningKey) throws(AttestationError) -> DSSEEnvelope {
        let payload = JSONValue.object([
            "type": .string(Self.listType), "issuer_key_id": .string(issuerKeyID),
            "issued_at": .string(Timestamp.format(issuedAt)), "entries": .array(entries.map(\.jsonValue)),
        ])
        return try DSSEEnvelope.sign(payload: payload.canonicalData(), payloadType: Self.payloadType, key: root)
    }

    /// Reads a list from its envelope's bytes, requiring the signature of `root`.
    /// - Throws: ``AccreditationError`` naming what is wrong (not strict JSON, not signed by the root, damaged).
    public init(envelope bytes: Data, root: VerifyingKey) throws(AccreditationError) {
        let payload: Data
        do throws(AttestationError) {
            let envelope = try DSSEEnvelope(jsonData: bytes)
            guard envelope.payloadType == Self.payloadType else {
                throw AttestationError(.unexpectedPayloadType, "its payload type is \"\(envelope.payloadType)\"")
            }
            payload = try envelope.verify(trusting: [root])
        } catch {
            throw AccreditationError(
                "the revocation list is not one signed by the trust root (\(error.reason)); ask the accreditation body for its list"
            )
        }
        let json: JSONValue
        do {
            json = try JSONValue(data: payload, maximumDepth: VerificationLimits.standard.maximumDepth)
        } catch {
            throw AccreditationError("the revocation list's payload is not strict JSON: \(error.reason)")
        }
        guard json["type"]?.stringValue == Self.listType, let issuer = json["issuer_key_id"]?.stringValue,
            let issuedText = json["issued_at"]?.stringValue, let issuedAt = Timestamp.parse(issuedText),
            let entries = json["entries"]?.arrayValue
        else {
            throw AccreditationError("the revocation list lacks type, issuer_key_id, issued_at or entries")
        }
        guard issuer == root.keyID else {
            throw AccreditationError("the revocation list names issuer \(issuer), not the trust root \(root.keyID)")
        }
        var parsed: [RevocationEntry] = []
        for entry in entries { parsed.append(try RevocationEntry(jsonValue: entry)) }
        self.init(issuerKeyID: issuer, issuedAt: issuedAt, entries: parsed)
    }
}
