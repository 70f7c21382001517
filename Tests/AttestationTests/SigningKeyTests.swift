import Crypto
import Foundation
import Testing

@testable import Attestation

@Suite("Ed25519 and P-256 keys")
struct SigningKeyTests {
    /// RFC 8032 §7.1, TEST 1 (empty message).
    static let rfcSeed = Fixtures.bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    static let rfcPublic = Fixtures.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    static let rfcSignature = Fixtures.bytes(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )

    @Test("RFC 8032 test 1: public key and exact signature bytes")
    func rfc8032Vector1() throws {
        let key = try SigningKey(rawRepresentation: Self.rfcSeed)
        #expect(key.publicKey.rawRepresentation == Self.rfcPublic)
        #expect(key.publicKey.isValidSignature(Self.rfcSignature, for: Data()))
        let signature = try key.signature(for: Data())
        #if canImport(CryptoKit)
        // Apple's CryptoKit randomizes Ed25519 signatures; only validity can be compared there.
        #expect(key.publicKey.isValidSignature(signature, for: Data()))
        #else
        #expect(signature == Self.rfcSignature)
        #endif
    }

    @Test("a signature does not verify for other data or another key")
    func rejectsWrongData() throws {
        let key = SigningKey.generate()
        let signature = try key.signature(for: Data("report".utf8))
        #expect(key.publicKey.isValidSignature(signature, for: Data("report".utf8)))
        #expect(!key.publicKey.isValidSignature(signature, for: Data("rep0rt".utf8)))
        #expect(!SigningKey.generate().publicKey.isValidSignature(signature, for: Data("report".utf8)))
        #expect(!key.publicKey.isValidSignature(Data(signature.prefix(63)), for: Data("report".utf8)))
    }

    @Test("PEM round trip for private and public keys")
    func pemRoundTrip() throws {
        let key = SigningKey.generate()
        #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(key.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let reloaded = try SigningKey(pem: key.pem)
        #expect(reloaded.publicKey == key.publicKey)
        #expect(reloaded.pem == key.pem)
        #expect(try VerifyingKey(pem: key.publicKey.pem) == key.publicKey)
    }

    @Test("RFC 8410 §10 example keys parse and key IDs are SHA-256 of the SPKI")
    func rfc8410Examples() throws {
        let publicPEM = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
            -----END PUBLIC KEY-----
            """
        let key = try VerifyingKey(pem: publicPEM)
        #expect(
            key.rawRepresentation == Fixtures.bytes("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1"))
        #expect(key.keyID.count == 64)
        #expect(key.keyID == key.keyID.lowercased())
        let privatePEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
            -----END PRIVATE KEY-----
            """
        #expect(try SigningKey(pem: privatePEM).publicKey == key)
    }

    @Test("the RFC 5958 form with an embedded public key is accepted only if it matches")
    func oneAsymmetricKey() throws {
        let key = try SigningKey(rawRepresentation: Self.rfcSeed)
        var der = Data(Ed25519DER.oneAsymmetricKeyPrefix) + Self.rfcSeed
        der += Data(Ed25519DER.embeddedPublicKeyHeader) + Self.rfcPublic
        #expect(try SigningKey(pkcs8: der).publicKey == key.publicKey)
        var corrupt = der
        corrupt[corrupt.count - 1] ^= 1
        #expect(throws: AttestationError(.invalidKey, "")) { try SigningKey(pkcs8: corrupt) }
    }

    @Test("wrong PEM labels, other algorithms and garbage are invalidKey")
    func rejectsBadPEM() {
        let key = SigningKey.generate()
        #expect(throws: AttestationError(.invalidKey, "")) { try SigningKey(pem: key.publicKey.pem) }
        #expect(throws: AttestationError(.invalidKey, "")) { try VerifyingKey(pem: key.pem) }
        #expect(throws: AttestationError(.invalidKey, "")) { try VerifyingKey(pem: "hello") }
        // A P-256 SPKI (RFC 5480) whose point is not on the curve.
        let p256DER =
            Fixtures.bytes("3059301306072a8648ce3d020106082a8648ce3d03010703420004") + Data(repeating: 7, count: 64)
        let p256 = PEMBlock(label: "PUBLIC KEY", der: p256DER).text
        #expect(throws: AttestationError(.invalidKey, "")) { try VerifyingKey(pem: p256) }
        let truncated = String(key.pem.dropLast(10))
        #expect(throws: AttestationError(.invalidKey, "")) { try SigningKey(pem: truncated) }
        #expect(throws: AttestationError(.invalidKey, "")) { try SigningKey(rawRepresentation: Data(count: 31)) }
    }

    @Test("P-256: PEM round trip, DER ECDSA signatures over SHA-256, no confusion with Ed25519, other curves refused")
    func p256() throws {
        let key = SigningKey.generate(algorithm: .p256)
        #expect(key.algorithm == .p256 && key.publicKey.algorithm == .p256)
        #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let reloaded = try SigningKey(pem: key.pem)
        #expect(reloaded.algorithm == .p256 && reloaded.publicKey == key.publicKey)
        #expect(try VerifyingKey(pem: key.publicKey.pem) == key.publicKey)
        #expect(key.publicKey.spkiDER.count == 91 && key.publicKey.keyID.count == 64)
        let message = Data("DSSEv1 report".utf8)
        let signature = try key.signature(for: message)
        #expect(signature.first == 0x30, "an ECDSA signature is a DER SEQUENCE")
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: Data("DSSEv1 rep0rt".utf8)))
        #expect(!SigningKey.generate(algorithm: .p256).publicKey.isValidSignature(signature, for: message))
        // The raw (r‖s) form is not accepted: signatures are DER, as Sigstore and OpenSSL write them.
        #expect(
            !key.publicKey.isValidSignature(
                try P256.Signing.ECDSASignature(derRepresentation: signature).rawRepresentation, for: message))
        // An Ed25519 signature never verifies under a P-256 key, nor the reverse.
        let ed = SigningKey.generate()
        #expect(!key.publicKey.isValidSignature(try ed.signature(for: message), for: message))
        #expect(!ed.publicKey.isValidSignature(signature, for: message))
        #expect(ed.publicKey != key.publicKey)
        // A P-384 key, private and public: refused with a sentence.
        let p384 = P384.Signing.PrivateKey()
        #expect(throws: AttestationError(.invalidKey, "")) { try SigningKey(pem: p384.pemRepresentation) }
        #expect(throws: AttestationError(.invalidKey, "")) { try VerifyingKey(pem: p384.publicKey.pemRepresentation) }
        // A compressed point is not the one encoding aitc accepts.
        let compressed = P256.Signing.PrivateKey().publicKey
        #expect(throws: AttestationError(.invalidKey, "")) {
            try VerifyingKey(algorithm: .p256, rawRepresentation: compressed.compressedRepresentation)
        }
    }
}
