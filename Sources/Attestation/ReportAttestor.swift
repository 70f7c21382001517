import Crypto
import Foundation

/// Signs conformance reports as in-toto statements in DSSE envelopes, and verifies them.
///
/// The report JSON becomes the statement's predicate; the single subject names the report and
/// carries the SHA-256 of the report's RFC 8785 canonical bytes, which are also the bytes the
/// harness writes to the report file (see ``canonicalReport(_:)``).
public enum ReportAttestor {
    /// The predicate type of aitc conformance reports.
    public static let predicateType = "https://aitc.dev/attestation/conformance-report/v1"

    /// The DSSE payload type of in-toto statements.
    public static let payloadType = "application/vnd.in-toto+json"

    /// The report's canonical (RFC 8785) bytes; write the report file with exactly these bytes
    /// so that `sha256sum` of the file equals the subject digest.
    /// - Throws: `invalidJSON` if `report` is not strict JSON; `unsafeInteger` if it holds an
    ///   integer outside ±(2^53−1), which RFC 8785 verifiers would canonicalize differently.
    public static func canonicalReport(_ report: Data) throws(AttestationError) -> Data {
        try JSONValue(data: report, safeIntegersOnly: true).canonicalData()
    }

    /// Signs `report` with `key`.
    /// - Parameters:
    ///   - report: The report as JSON bytes (any formatting; it is canonicalized).
    ///   - reportName: The subject name, e.g. the report file name.
    ///   - key: The lab's signing key.
    /// - Throws: `invalidJSON` if the report is not strict JSON; `unsafeInteger`; `signingFailed`.
    public static func attest(
        report: Data, reportName: String, key: SigningKey
    ) throws(AttestationError)
        -> DSSEEnvelope
    {
        try sign(report: report, reportName: reportName, key: key).envelope
    }

    /// Parses `report` once and returns both what is written: its canonical bytes (the report
    /// file, whose SHA-256 is the subject digest) and the envelope that signs them.
    /// - Throws: `invalidJSON` if the report is not strict JSON; `unsafeInteger`; `signingFailed`.
    public static func sign(
        report: Data, reportName: String, key: SigningKey
    ) throws(AttestationError)
        -> (canonical: Data, envelope: DSSEEnvelope)
    {
        let predicate = try JSONValue(data: report, safeIntegersOnly: true)
        let canonical = predicate.canonicalData()
        let digest = Hex.encode(SHA256.hash(data: canonical))
        let statement = InTotoStatement(
            subject: [ResourceDescriptor(name: reportName, digest: ["sha256": digest])],
            predicateType: predicateType,
            predicate: predicate)
        return (
            canonical, try DSSEEnvelope.sign(payload: statement.canonicalData(), payloadType: payloadType, key: key)
        )
    }

    /// Verifies a report envelope, checking in order: the envelope is strict JSON within
    /// `limits`, the payload type, a signature by a trusted key whose `keyid` names it, the
    /// statement is strict JSON, its `_type`, the predicate type, the predicate is an object
    /// without unsafe integers, and that the subject digest equals the SHA-256 of the canonical predicate.
    /// - Parameters:
    ///   - envelope: The `.dsse.json` file's bytes.
    ///   - keys: The trusted public keys.
    ///   - limits: The caps on signatures and nesting.
    /// - Throws: The first failed check: `malformedEnvelope`, `limitExceeded`, `unexpectedPayloadType`,
    ///   `invalidBase64`, `noSignatures`, `keyIDMismatch`, `invalidSignature`, `untrustedSigner`,
    ///   `malformedStatement`, `wrongStatementType`, `wrongPredicateType`, `unsafeInteger`, `subjectDigestMismatch`.
    public static func verify(
        envelope: Data, trusting keys: [VerifyingKey], limits: VerificationLimits = .standard
    )
        throws(AttestationError) -> VerifiedReport
    {
        try verify(parsed: try DSSEEnvelope(jsonData: envelope, limits: limits), trusting: keys, limits: limits)
    }

    /// Like ``verify(envelope:trusting:limits:)`` for an envelope already parsed strictly.
    public static func verify(
        parsed: DSSEEnvelope, trusting keys: [VerifyingKey], limits: VerificationLimits = .standard
    )
        throws(AttestationError) -> VerifiedReport
    {
        try expectReportPayloadType(parsed.payloadType)
        let (payload, signer) = try parsed.verifiedSigner(trusting: keys)
        return try verify(signedPayload: payload, payloadType: parsed.payloadType, signer: signer, limits: limits)
    }

    /// The rest of ``verify(parsed:trusting:limits:)`` for a payload whose signature by `signer`
    /// the caller has just verified (``DSSEEnvelope/verifiedSigner(trusting:)``): the payload type
    /// and the statement checks, without verifying the signature a second time.
    package static func verify(
        signedPayload payload: Data, payloadType type: String, signer: VerifyingKey,
        limits: VerificationLimits = .standard
    ) throws(AttestationError) -> VerifiedReport {
        try expectReportPayloadType(type)
        return VerifiedReport(statement: try statement(payload: payload, limits: limits), signerKeyID: signer.keyID)
    }

    private static func expectReportPayloadType(_ type: String) throws(AttestationError) {
        guard type == payloadType else {
            throw AttestationError(
                .unexpectedPayloadType,
                "payloadType is \"\(type)\", expected \"\(payloadType)\"; "
                    + "this is not an aitc report envelope, or it was altered")
        }
    }

    /// Checks a signed payload: strict JSON, in-toto Statement v1 of the aitc predicate type, an
    /// object predicate without unsafe integers, one subject whose digest matches.
    static func statement(payload: Data, limits: VerificationLimits) throws(AttestationError) -> InTotoStatement {
        let json: JSONValue
        do {
            json = try JSONValue(data: payload, maximumDepth: limits.maximumDepth, safeIntegersOnly: true)
        } catch  where error.code == .unsafeInteger {
            throw AttestationError(.unsafeInteger, "the signed statement: \(error.reason)")
        } catch {
            throw AttestationError(.malformedStatement, "the signed payload is not strict JSON: \(error.reason)")
        }
        guard json["_type"]?.stringValue == InTotoStatement.statementType else {
            throw AttestationError(
                .wrongStatementType,
                "statement _type is \(describe(json["_type"])), expected \"\(InTotoStatement.statementType)\"")
        }
        guard json["predicateType"]?.stringValue == predicateType else {
            throw AttestationError(
                .wrongPredicateType,
                "predicateType is \(describe(json["predicateType"])), expected \"\(predicateType)\"; "
                    + "this envelope attests something other than an aitc conformance report")
        }
        guard json["predicate"]?.objectValue != nil else {
            throw AttestationError(
                .malformedStatement,
                "the predicate is \(describe(json["predicate"])), not a JSON object, so not an aitc report")
        }
        let statement = try InTotoStatement(jsonValue: json)
        let actual = Hex.encode(SHA256.hash(data: statement.predicate.canonicalData()))
        guard statement.subject.count == 1, let recorded = statement.subject[0].digest["sha256"] else {
            throw AttestationError(
                .subjectDigestMismatch,
                "the statement must have exactly one subject with a sha256 digest, "
                    + "found \(statement.subject.count) subject(s)")
        }
        guard recorded == actual else {
            throw AttestationError(
                .subjectDigestMismatch,
                "subject \"\(statement.subject[0].name)\" records sha256 \(recorded) but the report in the "
                    + "statement hashes to \(actual); the report was changed after its digest was taken — reject it")
        }
        return statement
    }

    private static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "missing" }
        return value.canonicalString()
    }
}
