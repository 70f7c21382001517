import Crypto
import Foundation
import Testing

@testable import Attestation

/// Forged envelopes written the way a cheater who read the verifier would write them: a forged
/// "conformant" report smuggled in through parser disagreements (duplicate keys at every level,
/// in either order, spelled with escapes, compact or pretty), encoding tricks (BOM, trailing
/// bytes, NaN, huge numbers), swapped types, extra signatures and wrong key ids. Every one must
/// be refused; the genuine envelope, and honest re-formattings of it, must verify.
@Suite("Tamper matrix")
struct TamperMatrixTests {
    let lab = SigningKey.generate()
    let attacker = SigningKey.generate()

    /// The genuine report: inconclusive. The forgery claims conformant.
    static let report = Data(
        #"{"decision":"inconclusive","device":{"class":"smartphone","model":"Phone X"},"queries":1024,"verdicts":[{"clause":"LAT-01","verdict":"inconclusive"}]}"#
            .utf8)

    // MARK: - Building JSON text by hand, as a forger would

    enum Spelling: CaseIterable {
        case plain, oneEscape, allEscaped

        /// The key as a JSON string literal in this spelling; all spellings decode to `name`.
        func quoted(_ name: String) -> String {
            switch self {
            case .plain: return "\"\(name)\""
            case .oneEscape: return "\"" + escape(name.prefix(1)) + name.dropFirst() + "\""
            case .allEscaped: return "\"" + escape(Substring(name)) + "\""
            }
        }

        private func escape(_ text: Substring) -> String {
            text.unicodeScalars.map { "\\u" + String(format: "%04x", $0.value) }.joined()
        }
    }

    struct Member {
        var key: String
        var value: String
    }

    static func object(_ members: [Member], pretty: Bool) -> String {
        let separator = pretty ? ",\n  " : ","
        let body = members.map { "\($0.key)\(pretty ? ": " : ":")\($0.value)" }.joined(separator: separator)
        return pretty ? "{\n  \(body)\n}" : "{\(body)}"
    }

    /// `members` with a forged duplicate of `name` inserted first or last.
    static func withDuplicate(
        _ members: [(String, String)], name: String, forged: String, forgedFirst: Bool, spelling: Spelling, pretty: Bool
    ) -> String {
        var list = members.map { Member(key: "\"\($0.0)\"", value: $0.1) }
        let duplicate = Member(key: spelling.quoted(name), value: forged)
        if forgedFirst {
            list.insert(duplicate, at: 0)
        } else {
            list.append(duplicate)
        }
        return object(list, pretty: pretty)
    }

    // MARK: - Genuine and forged material

    func genuine() throws -> DSSEEnvelope {
        try ReportAttestor.attest(report: Self.report, reportName: "R-1.report.json", key: lab)
    }

    func statementMembers(predicate: String, digest: String) -> [(String, String)] {
        [
            ("_type", "\"\(InTotoStatement.statementType)\""),
            ("predicate", predicate),
            ("predicateType", "\"\(ReportAttestor.predicateType)\""),
            ("subject", #"[{"digest":{"sha256":"\#(digest)"},"name":"R-1.report.json"}]"#),
        ]
    }

    static func digest(_ text: String) throws -> String {
        Hex.encode(SHA256.hash(data: try JSONValue(data: Data(text.utf8)).canonicalData()))
    }

    /// The forged report (conformant), canonical.
    static var forgedReport: String {
        String(decoding: Data(report).replacingInclusive("inconclusive", "conformant"), as: UTF8.self)
    }

    /// A forged statement, self-consistent, that nobody trusted signed.
    func forgedPayload() throws -> Data {
        let text = Self.object(
            statementMembers(predicate: Self.forgedReport, digest: try Self.digest(Self.forgedReport))
                .map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false)
        return Data(text.utf8)
    }

    func envelopeMembers(_ envelope: DSSEEnvelope) -> [(String, String)] {
        [
            ("payload", "\"\(envelope.payload)\""),
            ("payloadType", "\"\(envelope.payloadType)\""),
            ("signatures", Self.signatures(envelope.signatures)),
        ]
    }

    static func signatures(_ list: [DSSESignature]) -> String {
        "[" + list.map { #"{"keyid":"\#($0.keyid)","sig":"\#($0.sig)"}"# }.joined(separator: ",") + "]"
    }

    /// An envelope around `payload` signed by the lab key (an insider, or a harness bug).
    func labSigned(_ payload: String) throws -> Data {
        try DSSEEnvelope.sign(payload: Data(payload.utf8), payloadType: ReportAttestor.payloadType, key: lab).jsonData()
    }

    // MARK: - The matrix

    /// Every forged variant, named.
    func variants() throws -> [(name: String, bytes: Data)] {
        let envelope = try genuine()
        let genuineMembers = envelopeMembers(envelope)
        let genuineText = Self.object(genuineMembers.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false)
        let forged = try forgedPayload()
        let attackerEnvelope = try DSSEEnvelope.sign(
            payload: forged, payloadType: ReportAttestor.payloadType, key: attacker)
        // The forged payload under the lab's keyid but the attacker's signature.
        let stolenKeyID = DSSESignature(keyid: lab.publicKey.keyID, sig: attackerEnvelope.signatures[0].sig)
        var out: [(String, Data)] = []

        // 1. Envelope-level duplicates.
        let envelopeForgeries: [(String, String)] = [
            ("payload", "\"\(forged.base64EncodedString())\""),
            ("payloadType", "\"application/json\""),
            ("signatures", Self.signatures([stolenKeyID])),
            ("signatures", "[]"),
        ]
        for (name, value) in envelopeForgeries {
            for forgedFirst in [true, false] {
                for spelling in Spelling.allCases {
                    for pretty in [false, true] {
                        let text = Self.withDuplicate(
                            genuineMembers, name: name, forged: value, forgedFirst: forgedFirst, spelling: spelling,
                            pretty: pretty)
                        out.append(
                            (
                                "envelope duplicate \(name)=\(value.prefix(12)) first=\(forgedFirst) \(spelling) pretty=\(pretty)",
                                Data(text.utf8)
                            ))
                    }
                }
            }
        }
        // The forged payload with both forged payload and forged signatures duplicated.
        for forgedFirst in [true, false] {
            var members = genuineMembers.map { Member(key: "\"\($0.0)\"", value: $0.1) }
            let extra = [
                Member(key: "\"payload\"", value: "\"\(forged.base64EncodedString())\""),
                Member(key: "\"signatures\"", value: Self.signatures(attackerEnvelope.signatures)),
            ]
            members = forgedFirst ? extra + members : members + extra
            out.append(
                (
                    "envelope duplicate payload+signatures first=\(forgedFirst)",
                    Data(Self.object(members, pretty: true).utf8)
                ))
        }

        // 2. Signature-level duplicates.
        let signature = envelope.signatures[0]
        let signatureForgeries: [(String, String)] = [
            ("sig", "\"\(attackerEnvelope.signatures[0].sig)\""),
            ("keyid", "\"\(attacker.publicKey.keyID)\""),
            ("keyid", "\"\(lab.publicKey.keyID)\""),
        ]
        for (name, value) in signatureForgeries {
            for forgedFirst in [true, false] {
                for spelling in Spelling.allCases {
                    for pretty in [false, true] {
                        let entry = Self.withDuplicate(
                            [("keyid", "\"\(signature.keyid)\""), ("sig", "\"\(signature.sig)\"")], name: name,
                            forged: value,
                            forgedFirst: forgedFirst, spelling: spelling, pretty: pretty)
                        var members = genuineMembers
                        members[2].1 = "[\(entry)]"
                        let text = Self.object(members.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: pretty)
                        out.append(
                            (
                                "signature duplicate \(name) first=\(forgedFirst) \(spelling) pretty=\(pretty)",
                                Data(text.utf8)
                            ))
                    }
                }
            }
        }

        // 3. Statement-level duplicates, signed by the lab key itself.
        let genuineDigest = try Self.digest(String(decoding: Self.report, as: UTF8.self))
        let statement = statementMembers(predicate: String(decoding: Self.report, as: UTF8.self), digest: genuineDigest)
        let statementForgeries: [(String, String)] = [
            ("predicate", Self.forgedReport),
            ("_type", "\"https://in-toto.io/Statement/v0.1\""),
            ("predicateType", "\"https://slsa.dev/provenance/v1\""),
            ("subject", #"[{"digest":{"sha256":"\#(try Self.digest(Self.forgedReport))"},"name":"R-1.report.json"}]"#),
        ]
        for (name, value) in statementForgeries {
            for forgedFirst in [true, false] {
                for spelling in Spelling.allCases {
                    let text = Self.withDuplicate(
                        statement, name: name, forged: value, forgedFirst: forgedFirst, spelling: spelling,
                        pretty: false)
                    out.append(("statement duplicate \(name) first=\(forgedFirst) \(spelling)", try labSigned(text)))
                }
            }
        }

        // 4. Predicate-level duplicates (top level and nested), signed by the lab key.
        let predicateForgeries: [(String, [(String, String)], String, String)] = [
            ("decision", [("decision", "\"inconclusive\""), ("queries", "1024")], "decision", "\"conformant\""),
            ("device.class", [("class", "\"smartphone\""), ("model", "\"Phone X\"")], "class", "\"laptop\""),
            (
                "verdicts[0].verdict", [("clause", "\"LAT-01\""), ("verdict", "\"inconclusive\"")], "verdict",
                "\"pass\""
            ),
        ]
        for (label, members, name, value) in predicateForgeries {
            for forgedFirst in [true, false] {
                for spelling in Spelling.allCases {
                    let inner = Self.withDuplicate(
                        members, name: name, forged: value, forgedFirst: forgedFirst, spelling: spelling, pretty: false)
                    let predicate: String
                    switch label {
                    case "decision": predicate = inner
                    case "device.class": predicate = #"{"decision":"inconclusive","device":\#(inner)}"#
                    default: predicate = #"{"decision":"inconclusive","verdicts":[\#(inner)]}"#
                    }
                    let text = Self.object(
                        statementMembers(predicate: predicate, digest: genuineDigest).map {
                            Member(key: "\"\($0.0)\"", value: $0.1)
                        }, pretty: false)
                    out.append(("predicate duplicate \(label) first=\(forgedFirst) \(spelling)", try labSigned(text)))
                }
            }
        }

        // 5. Encoding tricks on the envelope bytes.
        let genuineBytes = Data(genuineText.utf8)
        out.append(("UTF-8 BOM before the envelope", Data([0xEF, 0xBB, 0xBF]) + genuineBytes))
        out.append(("UTF-16 BOM before the envelope", Data([0xFF, 0xFE]) + genuineBytes))
        for garbage in ["x", "{}", "\u{0}", "\n}", ",", " //", genuineText, forged.base64EncodedString()] {
            out.append(("trailing \(garbage.prefix(8).debugDescription)", genuineBytes + Data(garbage.utf8)))
        }
        out.append(("leading garbage", Data("x".utf8) + genuineBytes))
        out.append(("two envelopes in an array", Data("[\(genuineText),\(genuineText)]".utf8)))
        for (name, value) in [
            ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("1e999", "1e999"),
            ("-1e999", "-1e999"), ("2^64", "18446744073709551616"), ("hex", "0x10"), ("leading zero", "01"),
            ("plus", "+1"),
        ] {
            var members = genuineMembers
            members.append(("x", value))
            out.append(
                (
                    "extra member holding \(name)",
                    Data(Self.object(members.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false).utf8)
                ))
        }
        for extra in ["payload ", "Payload", "signature", "payloadtype"] {
            var members = genuineMembers
            members.append((extra, "\"\(forged.base64EncodedString())\""))
            out.append(
                (
                    "near-miss member \(extra.debugDescription)",
                    Data(Self.object(members.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false).utf8)
                ))
        }
        out.append(
            (
                "deep nesting in an extra member",
                Data(
                    (String(genuineText.dropLast()) + #","x":"# + String(repeating: "[", count: 100)
                        + String(repeating: "]", count: 100) + "}").utf8)
            ))
        out.append(
            (
                "invalid UTF-8 in a key",
                Data(
                    #"{"payload":"\#(envelope.payload)","payloadType":"\#(envelope.payloadType)","signatures":\#(Self.signatures(envelope.signatures)),""#
                        .utf8) + Data([0xC3, 0x28]) + Data(#"":1}"#.utf8)
            ))
        out.append(("lone surrogate in a key", Data(genuineText.dropLast().utf8) + Data(#","\ud800":1}"#.utf8)))

        // 6. Swapped payload types (each with the genuine signature).
        for type in [
            "application/json", "application/vnd.in-toto+JSON", "application/vnd.in-toto+json ",
            "application/vnd.in-toto+json; charset=utf-8", "", "application/vnd.dev.sigstore.bundle.v0.3+json",
        ] {
            var members = genuineMembers
            members[1].1 = "\"\(type)\""
            out.append(
                (
                    "payloadType \(type.debugDescription)",
                    Data(Self.object(members.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false).utf8)
                ))
        }
        // The forged payload in place of the genuine one.
        var swapped = genuineMembers
        swapped[0].1 = "\"\(forged.base64EncodedString())\""
        out.append(
            (
                "forged payload, genuine signature",
                Data(Self.object(swapped.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false).utf8)
            ))
        out.append(("forged payload, attacker signature", attackerEnvelope.jsonData()))
        out.append(
            (
                "forged payload, attacker signature under the lab keyid",
                DSSEEnvelope(
                    payload: forged.base64EncodedString(), payloadType: ReportAttestor.payloadType,
                    signatures: [stolenKeyID]
                ).jsonData()
            ))

        // 7. Extra signatures and wrong key ids.
        let tooMany = DSSEEnvelope(
            payload: envelope.payload, payloadType: envelope.payloadType,
            signatures: Array(repeating: signature, count: VerificationLimits.standard.maximumSignatures + 1))
        out.append(
            ("\(VerificationLimits.standard.maximumSignatures + 1) copies of the genuine signature", tooMany.jsonData())
        )
        let junk = DSSESignature(keyid: attacker.publicKey.keyID, sig: attackerEnvelope.signatures[0].sig)
        out.append(
            (
                "100,000 junk signatures before the genuine one",
                DSSEEnvelope(
                    payload: envelope.payload, payloadType: envelope.payloadType,
                    signatures: Array(repeating: junk, count: 100_000) + [signature]
                ).jsonData()
            ))
        out.append(
            (
                "forged payload with the attacker's and a copied lab signature",
                DSSEEnvelope(
                    payload: forged.base64EncodedString(), payloadType: envelope.payloadType,
                    signatures: [attackerEnvelope.signatures[0], signature]
                ).jsonData()
            ))
        for (name, keyid) in [
            ("zeros", String(repeating: "0", count: 64)), ("upper-case", lab.publicKey.keyID.uppercased()),
            ("attacker's", attacker.publicKey.keyID), ("empty", ""), ("with a space", lab.publicKey.keyID + " "),
        ] {
            out.append(
                (
                    "keyid \(name)",
                    DSSEEnvelope(
                        payload: envelope.payload, payloadType: envelope.payloadType,
                        signatures: [DSSESignature(keyid: keyid, sig: signature.sig)]
                    ).jsonData()
                ))
        }
        var noKeyID = genuineMembers
        noKeyID[2].1 = #"[{"sig":"\#(signature.sig)"}]"#
        out.append(
            (
                "keyid missing",
                Data(Self.object(noKeyID.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false).utf8)
            ))
        var extraField = genuineMembers
        extraField[2].1 = #"[{"keyid":"\#(signature.keyid)","sig":"\#(signature.sig)","cert":"x"}]"#
        out.append(
            (
                "unknown member in a signature",
                Data(Self.object(extraField.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false).utf8)
            ))

        // 8. Statement and predicate content, signed by the lab key.
        let reportText = String(decoding: Self.report, as: UTF8.self)
        let canonicalStatement = Self.object(statement.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false)
        out.append(("BOM inside the payload", try labSigned("\u{FEFF}" + canonicalStatement)))
        out.append(("trailing garbage inside the payload", try labSigned(canonicalStatement + "x")))
        out.append(("two statements in the payload", try labSigned(canonicalStatement + canonicalStatement)))
        for (name, value) in [
            ("NaN", "NaN"), ("1e999", "1e999"), ("2^53", "9007199254740992"), ("-2^53", "-9007199254740992"),
            ("2^63", "9223372036854775808"),
        ] {
            let predicate = reportText.replacingOccurrences(of: "1024", with: value)
            let digest = (try? Self.digest(predicate)) ?? genuineDigest
            let text = Self.object(
                statementMembers(predicate: predicate, digest: digest).map { Member(key: "\"\($0.0)\"", value: $0.1) },
                pretty: false)
            out.append(("predicate number \(name)", try labSigned(text)))
        }
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let deepPredicate = String(reportText.dropLast()) + #","deep":\#(deep)}"#
        out.append(
            (
                "predicate nested 70 deep",
                try labSigned(
                    Self.object(
                        statementMembers(predicate: deepPredicate, digest: try Self.digest(deepPredicate)).map {
                            Member(key: "\"\($0.0)\"", value: $0.1)
                        }, pretty: false))
            ))
        for (name, predicate) in [("null", "null"), ("a string", "\"conformant\""), ("an array", "[]")] {
            out.append(
                (
                    "predicate \(name)",
                    try labSigned(
                        Self.object(
                            statementMembers(predicate: predicate, digest: try Self.digest(predicate)).map {
                                Member(key: "\"\($0.0)\"", value: $0.1)
                            }, pretty: false))
                ))
        }
        out.append(
            (
                "subject digest upper-case",
                try labSigned(
                    Self.object(
                        statementMembers(predicate: reportText, digest: genuineDigest.uppercased()).map {
                            Member(key: "\"\($0.0)\"", value: $0.1)
                        }, pretty: false))
            ))
        out.append(
            (
                "subject digest of the forged report",
                try labSigned(
                    Self.object(
                        statementMembers(predicate: reportText, digest: try Self.digest(Self.forgedReport)).map {
                            Member(key: "\"\($0.0)\"", value: $0.1)
                        }, pretty: false))
            ))
        return out
    }

    @Test("every forged variant is refused and the genuine envelope verifies")
    func matrix() throws {
        let genuineBytes = try genuine().jsonData()
        let verified = try ReportAttestor.verify(envelope: genuineBytes, trusting: [lab.publicKey])
        #expect(verified.predicate["decision"]?.stringValue == "inconclusive")
        let all = try variants()
        #expect(all.count > 150, "the matrix shrank to \(all.count) variants")
        var accepted: [String] = []
        for (name, bytes) in all {
            // Trusting the attacker's key too: a forgery must not pass even when several labs are trusted.
            if let report = try? ReportAttestor.verify(envelope: bytes, trusting: [lab.publicKey]) {
                accepted.append("\(name) → \(report.predicate["decision"]?.stringValue ?? "?")")
            }
        }
        #expect(accepted.isEmpty, "forgeries accepted:\n\(accepted.joined(separator: "\n"))")
    }

    @Test("honest re-formattings of the genuine envelope still verify")
    func honestReformatting() throws {
        let envelope = try genuine()
        let members = envelopeMembers(envelope)
        var texts = [
            Self.object(members.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: false),
            Self.object(members.reversed().map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: true),
            "\n\t " + Self.object(members.map { Member(key: "\"\($0.0)\"", value: $0.1) }, pretty: true) + "\r\n",
        ]
        for spelling in Spelling.allCases {
            texts.append(Self.object(members.map { Member(key: spelling.quoted($0.0), value: $0.1) }, pretty: false))
        }
        for text in texts {
            let report = try ReportAttestor.verify(envelope: Data(text.utf8), trusting: [lab.publicKey])
            #expect(report.predicate["decision"]?.stringValue == "inconclusive")
        }
    }

    @Test("100,000 junk signatures are refused before any is checked")
    func junkSignaturesRefusedByCount() throws {
        let envelope = try genuine()
        let junk = DSSESignature(keyid: attacker.publicKey.keyID, sig: envelope.signatures[0].sig)
        let bytes = DSSEEnvelope(
            payload: envelope.payload, payloadType: envelope.payloadType,
            signatures: Array(repeating: junk, count: 100_000) + envelope.signatures
        ).jsonData()
        #expect(throws: AttestationError(.limitExceeded, "")) {
            try ReportAttestor.verify(envelope: bytes, trusting: [lab.publicKey])
        }
        // At the cap, every signature is checked and the genuine one found.
        let atCap = DSSEEnvelope(
            payload: envelope.payload, payloadType: envelope.payloadType,
            signatures: Array(repeating: junk, count: VerificationLimits.standard.maximumSignatures - 1)
                + envelope.signatures)
        #expect(
            try ReportAttestor.verify(envelope: atCap.jsonData(), trusting: [lab.publicKey]).signerKeyID
                == lab.publicKey.keyID)
    }
}

extension Data {
    fileprivate func replacingInclusive(_ old: String, _ new: String) -> Data {
        Data(String(decoding: self, as: UTF8.self).replacingOccurrences(of: old, with: new).utf8)
    }
}
