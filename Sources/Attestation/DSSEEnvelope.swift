import Foundation

/// A DSSE v1 envelope in its JSON form: a base64 payload, its type, and signatures over the
/// payload's PAE (``DSSE/pae(payloadType:payload:)``).
public struct DSSEEnvelope: Encodable, Sendable, Equatable {
    /// The payload bytes, base64 (standard alphabet when written by this library).
    public var payload: String
    /// The media type of the payload, e.g. `application/vnd.in-toto+json`.
    public var payloadType: String
    /// The signatures; verification succeeds if any one is by a trusted key.
    public var signatures: [DSSESignature]

    /// Creates an envelope from its parts, without checking anything.
    public init(payload: String, payloadType: String, signatures: [DSSESignature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// Signs `payload` with `key` and wraps it in an envelope with one signature whose `keyid`
    /// is the key's ``VerifyingKey/keyID``.
    public static func sign(
        payload: Data, payloadType: String, key: SigningKey
    ) throws(AttestationError)
        -> DSSEEnvelope
    {
        let signature = try key.signature(for: DSSE.pae(payloadType: payloadType, payload: payload))
        return DSSEEnvelope(
            payload: payload.base64EncodedString(),
            payloadType: payloadType,
            signatures: [DSSESignature(keyid: key.publicKey.keyID, sig: signature.base64EncodedString())])
    }

    /// The decoded payload bytes, without verifying anything.
    /// - Throws: `invalidBase64` if `payload` is not base64.
    public func decodedPayload() throws(AttestationError) -> Data {
        guard let bytes = Base64.decode(payload) else {
            throw AttestationError(
                .invalidBase64, "the envelope's payload is not valid base64; the envelope was damaged or altered")
        }
        return bytes
    }

    /// Verifies that a signature by one of `trusting` covers this payload and type, and returns
    /// the payload bytes.
    ///
    /// A signature counts when a trusted key verifies it **and** its `keyid` is that key's
    /// ``VerifyingKey/keyID``: verifiers that select keys by id (securesystemslib, sigstore) then
    /// reach the same answer as aitc. The `keyid` also chooses between the errors
    /// `invalidSignature` (it names a trusted key) and `untrustedSigner`.
    /// - Throws: `invalidBase64`, `noSignatures`, `keyIDMismatch`, `invalidSignature` or `untrustedSigner`.
    public func verify(trusting keys: [VerifyingKey]) throws(AttestationError) -> Data {
        try verifiedSigner(trusting: keys).payload
    }

    /// Like ``verify(trusting:)``, also returning the trusted key that verified.
    package func verifiedSigner(
        trusting keys: [VerifyingKey]
    ) throws(AttestationError)
        -> (payload: Data, signer: VerifyingKey)
    {
        let payloadBytes = try decodedPayload()
        guard !signatures.isEmpty else {
            throw AttestationError(
                .noSignatures, "the envelope carries no signature; it was never signed or was stripped")
        }
        guard !keys.isEmpty else {
            throw AttestationError(.untrustedSigner, "no trusted key was given; pass the lab's public key with --trust")
        }
        let message = DSSE.pae(payloadType: payloadType, payload: payloadBytes)
        var badBase64 = false
        var claimedTrustedKey: String?
        var misnamed: (claimed: String, actual: String)?
        for entry in signatures {
            guard let signature = Base64.decode(entry.sig) else {
                badBase64 = true
                continue
            }
            if let signer = keys.first(where: { $0.isValidSignature(signature, for: message) }) {
                if entry.keyid == signer.keyID { return (payloadBytes, signer) }
                misnamed = (entry.keyid, signer.keyID)
                continue
            }
            if keys.contains(where: { $0.keyID == entry.keyid }) {
                claimedTrustedKey = entry.keyid
            }
        }
        if let misnamed {
            throw AttestationError(
                .keyIDMismatch,
                "the signature by trusted key \(misnamed.actual) carries keyid \"\(misnamed.claimed)\"; verifiers that "
                    + "select keys by id would not accept it, so aitc does not either — the envelope was edited")
        }
        if let keyID = claimedTrustedKey {
            throw AttestationError(
                .invalidSignature,
                "the signature by trusted key \(keyID) does not verify: the payload, its type or the "
                    + "signature was altered after signing; do not rely on this envelope")
        }
        if badBase64 {
            throw AttestationError(
                .invalidBase64,
                "a signature is not valid base64 and no other signature verifies; the envelope was damaged")
        }
        let claimed = signatures.map { $0.keyid.isEmpty ? "(no keyid)" : $0.keyid }.joined(separator: ", ")
        let trusted = keys.map(\.keyID).joined(separator: ", ")
        throw AttestationError(
            .untrustedSigner,
            "no signature verifies with a trusted key (signatures claim \(claimed); trusted: \(trusted)); "
                + "the envelope was signed by another key or altered; check that --trust names the right lab key")
    }

    /// The envelope as pretty-printed JSON with sorted keys and a trailing newline.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and arrays of strings cannot fail.
        var data = try! encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
