import Foundation
import Testing

@testable import Attestation

@Suite("DSSE")
struct DSSETests {
    @Test("PAE matches the DSSE protocol test vector")
    func paeVector() {
        let pae = DSSE.pae(payloadType: "http://example.com/HelloWorld", payload: Data("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test("PAE lengths count bytes, not characters")
    func paeCountsBytes() {
        let pae = DSSE.pae(payloadType: "é", payload: Data())
        #expect(pae == Data("DSSEv1 2 é 0 ".utf8))
    }

    @Test("sign then verify returns the payload; the envelope survives JSON round trip")
    func roundTrip() throws {
        let key = SigningKey.generate()
        let payload = Data("hello world".utf8)
        let envelope = try DSSEEnvelope.sign(payload: payload, payloadType: "text/plain", key: key)
        #expect(envelope.signatures.first?.keyid == key.publicKey.keyID)
        let reparsed = try DSSEEnvelope(jsonData: envelope.jsonData())
        #expect(reparsed == envelope)
        #expect(try reparsed.verify(trusting: [key.publicKey]) == payload)
    }

    @Test("jsonData is stable: sorted keys, unescaped slashes")
    func stableJSON() throws {
        let envelope = DSSEEnvelope(
            payload: "aGk=", payloadType: "application/vnd.in-toto+json",
            signatures: [DSSESignature(keyid: "k", sig: "c2ln")])
        let text = String(decoding: envelope.jsonData(), as: UTF8.self)
        let payloadAt = try #require(text.range(of: "\"payload\""))
        let typeAt = try #require(text.range(of: "\"payloadType\""))
        let signaturesAt = try #require(text.range(of: "\"signatures\""))
        #expect(payloadAt.lowerBound < typeAt.lowerBound && typeAt.lowerBound < signaturesAt.lowerBound)
        #expect(text.contains("application/vnd.in-toto+json"))
        #expect(envelope.jsonData() == envelope.jsonData())
    }

    @Test("URL-safe unpadded base64 is accepted on input; a missing keyid is not (key-id verifiers would fail it)")
    func lenientInput() throws {
        let key = SigningKey.generate()
        let payload = Data([0xFB, 0xFF, 0xFE])  // base64 "+//+" uses both non-alphanumeric characters
        let signature = try key.signature(for: DSSE.pae(payloadType: "t", payload: payload))
        func urlSafe(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let json =
            #"{"payload":"\#(urlSafe(payload))","payloadType":"t","signatures":[{"keyid":"\#(key.publicKey.keyID)","sig":"\#(urlSafe(signature))"}]}"#
        let envelope = try DSSEEnvelope(jsonData: Data(json.utf8))
        #expect(try envelope.verify(trusting: [key.publicKey]) == payload)
        let anonymous =
            #"{"payload":"\#(urlSafe(payload))","payloadType":"t","signatures":[{"sig":"\#(urlSafe(signature))"}]}"#
        let withoutKeyID = try DSSEEnvelope(jsonData: Data(anonymous.utf8))
        #expect(withoutKeyID.signatures[0].keyid == "")
        #expect(throws: AttestationError(.keyIDMismatch, "")) { try withoutKeyID.verify(trusting: [key.publicKey]) }
    }

    @Test("base64 in either alphabet, padded or not, decodes; anything else (non-ASCII look-alikes too) does not")
    func base64Forms() {
        for length in 0..<40 {
            let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 251) })
            let standard = bytes.base64EncodedString()
            let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            for form in [
                standard, urlSafe, standard.replacingOccurrences(of: "=", with: ""),
                urlSafe.replacingOccurrences(of: "=", with: ""),
            ] {
                #expect(Base64.decode(form) == bytes, "\(form)")
            }
        }
        // A hyphen with a combining accent, a full-width plus, a lone character, a space, a stray pad.
        for bad in ["QU-\u{301}B", "QUJ\u{FF0B}", "QUJDR", "QU JD", "Q=JD", "QUJD\u{0}"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test("a changed payloadType breaks the signature (PAE binds the type)")
    func typeIsSigned() throws {
        let key = SigningKey.generate()
        var envelope = try DSSEEnvelope.sign(payload: Data("x".utf8), payloadType: "a", key: key)
        envelope.payloadType = "b"
        #expect(throws: AttestationError(.invalidSignature, "")) { try envelope.verify(trusting: [key.publicKey]) }
    }

    @Test("a bad base64 signature with no other valid signature is invalidBase64")
    func badSignatureBase64() throws {
        let key = SigningKey.generate()
        var envelope = try DSSEEnvelope.sign(payload: Data("x".utf8), payloadType: "a", key: key)
        envelope.signatures[0] = DSSESignature(keyid: "unknown", sig: "***")
        #expect(throws: AttestationError(.invalidBase64, "")) { try envelope.verify(trusting: [key.publicKey]) }
    }

    @Test("an empty trust list is untrustedSigner")
    func noTrustedKeys() throws {
        let envelope = try DSSEEnvelope.sign(payload: Data("x".utf8), payloadType: "a", key: .generate())
        #expect(throws: AttestationError(.untrustedSigner, "")) { try envelope.verify(trusting: []) }
    }
}
