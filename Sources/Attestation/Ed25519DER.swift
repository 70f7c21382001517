import Foundation

/// The fixed DER layouts of Ed25519 keys (RFC 8410): PKCS#8 private keys and SPKI public keys.
///
/// Ed25519 keys have constant-size encodings, so exact prefix matching is a complete and
/// strict parser; no general ASN.1 machinery is needed.
enum Ed25519DER {
    /// SubjectPublicKeyInfo header: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33) }.
    static let spkiPrefix: [UInt8] = [
        0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]

    /// PKCS#8 v1 (RFC 5208) header: version 0, algorithm, OCTET STRING { OCTET STRING (32) }.
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// OneAsymmetricKey (RFC 5958) v2 header with an embedded public key ([1] after the seed).
    static let oneAsymmetricKeyPrefix: [UInt8] = [
        0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    /// The `[1] IMPLICIT BIT STRING (33)` header that precedes the public key in the v2 form.
    static let embeddedPublicKeyHeader: [UInt8] = [0x81, 0x21, 0x00]

    /// SPKI DER for a 32-byte raw public key.
    static func spki(rawPublicKey: Data) -> Data {
        Data(spkiPrefix) + rawPublicKey
    }

    /// PKCS#8 DER (the form `openssl genpkey` writes) for a 32-byte seed.
    static func pkcs8(seed: Data) -> Data {
        Data(pkcs8Prefix) + seed
    }

    /// The raw 32-byte public key in an SPKI DER, or `nil` if it is not an Ed25519 SPKI.
    static func rawPublicKey(fromSPKI der: Data) -> Data? {
        let bytes = [UInt8](der)
        guard bytes.count == spkiPrefix.count + 32, bytes.starts(with: spkiPrefix) else { return nil }
        return Data(bytes.suffix(32))
    }

    /// The seed and, for the v2 form, the embedded public key of a PKCS#8 DER; `nil` if the DER
    /// is not one of the two Ed25519 layouts.
    static func seed(fromPKCS8 der: Data) -> (seed: Data, embeddedPublicKey: Data?)? {
        let bytes = [UInt8](der)
        if bytes.count == pkcs8Prefix.count + 32, bytes.starts(with: pkcs8Prefix) {
            return (Data(bytes.suffix(32)), nil)
        }
        let v2Length = oneAsymmetricKeyPrefix.count + 32 + embeddedPublicKeyHeader.count + 32
        if bytes.count == v2Length, bytes.starts(with: oneAsymmetricKeyPrefix),
            Array(bytes[48..<51]) == embeddedPublicKeyHeader
        {
            return (Data(bytes[16..<48]), Data(bytes.suffix(32)))
        }
        return nil
    }
}
