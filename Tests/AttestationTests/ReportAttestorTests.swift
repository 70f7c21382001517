import Crypto
import Foundation
import Testing

@testable import Attestation

@Suite("Report attestation and tampering")
struct ReportAttestorTests {
    let lab = SigningKey.generate()

    private func attested() throws -> DSSEEnvelope {
        try ReportAttestor.attest(report: Fixtures.report, reportName: "R-0001.report.json", key: lab)
    }

    /// Verifies `envelope` trusting the lab key and returns the error code, or nil if it verified.
    private func failure(_ envelope: DSSEEnvelope, trusting keys: [VerifyingKey]? = nil) -> AttestationError.Code? {
        failure(envelope.jsonData(), trusting: keys)
    }

    private func failure(_ bytes: Data, trusting keys: [VerifyingKey]? = nil) -> AttestationError.Code? {
        do {
            _ = try ReportAttestor.verify(envelope: bytes, trusting: keys ?? [lab.publicKey])
            return nil
        } catch {
            #expect(!error.reason.isEmpty)
            return error.code
        }
    }

    /// Signs an arbitrary statement with the lab key, as an insider with the key could.
    private func signed(_ statement: JSONValue, by key: SigningKey? = nil) throws -> DSSEEnvelope {
        try DSSEEnvelope.sign(
            payload: statement.canonicalData(), payloadType: ReportAttestor.payloadType, key: key ?? lab)
    }

    @Test("an untampered envelope verifies and yields the report, its digest and the signer")
    func verifies() throws {
        let envelope = try attested()
        let report = try ReportAttestor.verify(envelope: envelope.jsonData(), trusting: [lab.publicKey])
        #expect(report.signerKeyID == lab.publicKey.keyID)
        #expect(report.predicate == (try JSONValue(data: Fixtures.report)))
        #expect(report.predicate["queries"] == .integer(9_007_199_254_740_991))
        #expect(report.reportName == "R-0001.report.json")
        #expect(report.canonicalReport == (try ReportAttestor.canonicalReport(Fixtures.report)))
        #expect(report.statement.type == InTotoStatement.statementType)
        #expect(report.statement.predicateType == ReportAttestor.predicateType)
        #expect(report.reportDigest.count == 64)
    }

    @Test("the payload is the canonical statement and the subject digest is SHA-256 of the canonical report")
    func payloadShape() throws {
        let envelope = try attested()
        let payload = try envelope.decodedPayload()
        let statement = try JSONValue(data: payload)
        #expect(statement.canonicalData() == payload)
        #expect(envelope.payloadType == "application/vnd.in-toto+json")
        #expect(statement["_type"]?.stringValue == "https://in-toto.io/Statement/v1")
        // SHA-256 computed by openssl when available, else trust the in-process check below.
        let digest = statement["subject"]?[0]?["digest"]?["sha256"]?.stringValue
        #expect(digest != nil)
        if Shell.hasOpenSSL {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = directory.file("report.json")
            try ReportAttestor.canonicalReport(Fixtures.report).write(to: URL(fileURLWithPath: file))
            let output = try Shell.run(Shell.openssl, ["dgst", "-sha256", "-r", file]).output
            #expect(String(decoding: output, as: UTF8.self).hasPrefix((digest ?? "-") + " "))
        }
    }

    @Test("a flipped payload byte fails the signature")
    func payloadFlipped() throws {
        var envelope = try attested()
        var payload = try envelope.decodedPayload()
        let index = try #require(payload.firstRange(of: Data("conformant".utf8))).lowerBound
        payload[index] = UInt8(ascii: "C")
        envelope.payload = payload.base64EncodedString()
        #expect(failure(envelope) == .invalidSignature)
    }

    @Test("a changed payloadType is refused before the signature is even checked")
    func payloadTypeChanged() throws {
        var envelope = try attested()
        envelope.payloadType = "application/json"
        #expect(failure(envelope) == .unexpectedPayloadType)
    }

    @Test("flipped signature bytes fail the signature")
    func signatureFlipped() throws {
        var envelope = try attested()
        var signature = try #require(Data(base64Encoded: envelope.signatures[0].sig))
        signature[10] ^= 0x01
        envelope.signatures[0].sig = signature.base64EncodedString()
        #expect(failure(envelope) == .invalidSignature)
    }

    @Test("a valid signature by an untrusted key is untrustedSigner")
    func untrustedKey() throws {
        let rogue = SigningKey.generate()
        let envelope = try ReportAttestor.attest(report: Fixtures.report, reportName: "R-0001.report.json", key: rogue)
        #expect(failure(envelope) == .untrustedSigner)
        #expect(failure(envelope, trusting: [rogue.publicKey]) == nil)
    }

    @Test("a changed predicate re-signed by the trusted key with the old subject digest fails the digest check")
    func predicateChangedAndResigned() throws {
        let original = try JSONValue(data: try attested().decodedPayload())
        guard case .object(var statement) = original, case .object(var report)? = statement["predicate"] else {
            Issue.record("statement is not an object")
            return
        }
        report["decision"] = .string("conformant-after-all")
        statement["predicate"] = .object(report)
        #expect(failure(try signed(.object(statement))) == .subjectDigestMismatch)
    }

    @Test("bytes that are not JSON, or JSON that is not an envelope, are malformedEnvelope")
    func notAnEnvelope() throws {
        #expect(failure(Data("not json".utf8)) == .malformedEnvelope)
        #expect(failure(Fixtures.report) == .malformedEnvelope)
        #expect(
            failure(Data(#"{"payload":"e30=","payloadType":"application/vnd.in-toto+json"}"#.utf8))
                == .malformedEnvelope)
    }

    @Test("an envelope with an empty signatures list is noSignatures")
    func emptySignatures() throws {
        var envelope = try attested()
        envelope.signatures = []
        #expect(failure(envelope) == .noSignatures)
    }

    @Test("a payload that is not base64 is invalidBase64")
    func payloadNotBase64() throws {
        var envelope = try attested()
        envelope.payload = "%%%not base64%%%"
        #expect(failure(envelope) == .invalidBase64)
    }

    /// securesystemslib and sigstore pick the key by `keyid`: a valid signature under another
    /// keyid fails there, so aitc refuses it too rather than disagree.
    @Test("a valid signature whose keyid names another key is keyIDMismatch")
    func keyidMustNameTheSigner() throws {
        var envelope = try attested()
        envelope.signatures[0].keyid = String(repeating: "0", count: 64)
        #expect(failure(envelope) == .keyIDMismatch)
        envelope.signatures[0].keyid = lab.publicKey.keyID.uppercased()
        #expect(failure(envelope) == .keyIDMismatch)
    }

    @Test("with several trusted keys the actual signer is reported")
    func severalTrustedKeys() throws {
        let other = SigningKey.generate()
        let report = try ReportAttestor.verify(
            envelope: try attested().jsonData(), trusting: [other.publicKey, lab.publicKey])
        #expect(report.signerKeyID == lab.publicKey.keyID)
    }

    @Test("a signed statement with another _type is wrongStatementType")
    func wrongStatementType() throws {
        guard case .object(var statement) = try JSONValue(data: try attested().decodedPayload()) else { return }
        statement["_type"] = .string("https://in-toto.io/Statement/v0.1")
        #expect(failure(try signed(.object(statement))) == .wrongStatementType)
    }

    @Test("a signed statement with another predicateType is wrongPredicateType")
    func wrongPredicateType() throws {
        guard case .object(var statement) = try JSONValue(data: try attested().decodedPayload()) else { return }
        statement["predicateType"] = .string("https://slsa.dev/provenance/v1")
        #expect(failure(try signed(.object(statement))) == .wrongPredicateType)
    }

    @Test("a signed payload that is not JSON or lacks subjects is malformedStatement")
    func malformedStatement() throws {
        let notJSON = try DSSEEnvelope.sign(payload: Data("x".utf8), payloadType: ReportAttestor.payloadType, key: lab)
        #expect(failure(notJSON) == .malformedStatement)
        guard case .object(var statement) = try JSONValue(data: try attested().decodedPayload()) else { return }
        statement["subject"] = .string("none")
        #expect(failure(try signed(.object(statement))) == .malformedStatement)
    }

    @Test("two subjects are refused even if one digest matches")
    func twoSubjects() throws {
        guard case .object(var statement) = try JSONValue(data: try attested().decodedPayload()),
            case .array(let subjects)? = statement["subject"]
        else { return }
        statement["subject"] = .array(subjects + subjects)
        #expect(failure(try signed(.object(statement))) == .subjectDigestMismatch)
    }

    @Test("attest refuses a report holding an integer RFC 8785 verifiers would round")
    func unsafeIntegerRefused() {
        for text in [#"{"n":9007199254740992}"#, #"{"a":[{"n":-9007199254740992}]}"#] {
            #expect(throws: AttestationError(.unsafeInteger, "")) {
                try ReportAttestor.attest(report: Data(text.utf8), reportName: "r", key: lab)
            }
            #expect(throws: AttestationError(.unsafeInteger, "")) {
                try ReportAttestor.canonicalReport(Data(text.utf8))
            }
        }
        #expect(throws: Never.self) {
            try ReportAttestor.canonicalReport(Data(#"{"n":9007199254740991,"m":-9007199254740991,"f":1e300}"#.utf8))
        }
    }

    @Test("a predicate that is null, a string or an array is malformedStatement")
    func predicateMustBeAnObject() throws {
        guard case .object(var statement) = try JSONValue(data: try attested().decodedPayload()) else { return }
        for predicate: JSONValue in [.null, .string("conformant"), .array([])] {
            statement["predicate"] = predicate
            statement["subject"] = .array([
                ResourceDescriptor(
                    name: "r",
                    digest: [
                        "sha256": Hex.encode(SHA256.hash(data: predicate.canonicalData()))
                    ]
                ).jsonValue
            ])
            #expect(failure(try signed(.object(statement))) == .malformedStatement)
        }
    }

    @Test("attest refuses a report that is not JSON")
    func reportNotJSON() {
        #expect(throws: AttestationError(.invalidJSON, "")) {
            try ReportAttestor.attest(report: Data("{oops".utf8), reportName: "r", key: lab)
        }
    }
}
