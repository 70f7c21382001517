/// One signature of a ``DSSEEnvelope``.
public struct DSSESignature: Encodable, Sendable, Equatable {
    /// The ``VerifyingKey/keyID`` of the signing key.
    ///
    /// A signature counts only when the key it names is the trusted key that verifies it, so
    /// every verifier that looks keys up by id (securesystemslib, sigstore) reaches the same answer.
    public var keyid: String

    /// The Ed25519 signature over the PAE, base64 (standard alphabet).
    public var sig: String

    /// Creates a signature entry.
    public init(keyid: String, sig: String) {
        self.keyid = keyid
        self.sig = sig
    }
}
