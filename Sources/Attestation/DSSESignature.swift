/// One signature of a ``DSSEEnvelope``.
public struct DSSESignature: Codable, Sendable, Equatable {
    /// A hint naming the signing key: the ``VerifyingKey/keyID`` of the signer.
    ///
    /// Unauthenticated: verification never trusts it, it only picks the error message when no
    /// trusted key verifies the signature. Empty when the envelope omitted it.
    public var keyid: String

    /// The Ed25519 signature over the PAE, base64 (standard alphabet).
    public var sig: String

    /// Creates a signature entry.
    public init(keyid: String, sig: String) {
        self.keyid = keyid
        self.sig = sig
    }

    private enum CodingKeys: String, CodingKey {
        case keyid, sig
    }

    /// Decodes a signature; `keyid` is optional in DSSE and defaults to the empty string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyid = try container.decodeIfPresent(String.self, forKey: .keyid) ?? ""
        sig = try container.decode(String.self, forKey: .sig)
    }
}
