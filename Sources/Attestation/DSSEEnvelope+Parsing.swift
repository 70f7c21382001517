import Foundation

extension DSSEEnvelope {
    /// Parses an envelope from JSON with the strict parser: duplicate keys (also when spelled
    /// with escapes), unknown members, a byte-order mark, trailing bytes, more than
    /// `limits.maximumSignatures` signatures or deeper nesting than `limits.maximumDepth` are errors.
    /// - Throws: `malformedEnvelope` naming what is wrong; `limitExceeded` for too many signatures.
    public init(jsonData: Data, limits: VerificationLimits = .standard) throws(AttestationError) {
        let json: JSONValue
        do {
            json = try JSONValue(data: jsonData, maximumDepth: limits.maximumDepth)
        } catch {
            throw Self.malformed(error.reason)
        }
        try self.init(jsonValue: json, limits: limits)
    }

    /// Reads an envelope from parsed JSON (e.g. a Sigstore bundle's `dsseEnvelope`).
    /// - Throws: `malformedEnvelope` or `limitExceeded`, as ``init(jsonData:limits:)``.
    public init(jsonValue json: JSONValue, limits: VerificationLimits = .standard) throws(AttestationError) {
        guard let members = json.objectValue else { throw Self.malformed("the top level is not a JSON object") }
        try Self.requireOnly(["payload", "payloadType", "signatures"], in: members, where: "the envelope")
        guard let payload = members["payload"]?.stringValue else { throw Self.malformed("no string \"payload\"") }
        guard let payloadType = members["payloadType"]?.stringValue else {
            throw Self.malformed("no string \"payloadType\"")
        }
        guard let entries = members["signatures"]?.arrayValue else { throw Self.malformed("no array \"signatures\"") }
        guard entries.count <= limits.maximumSignatures else {
            throw AttestationError(
                .limitExceeded,
                "the envelope carries \(entries.count) signatures, over the cap of \(limits.maximumSignatures); "
                    + "refused before checking any (see Reports/SIGNING.md, Limits)")
        }
        var signatures: [DSSESignature] = []
        for (index, entry) in entries.enumerated() {
            guard let fields = entry.objectValue else { throw Self.malformed("signatures[\(index)] is not an object") }
            try Self.requireOnly(["keyid", "sig"], in: fields, where: "signatures[\(index)]")
            guard let sig = fields["sig"]?.stringValue else {
                throw Self.malformed("signatures[\(index)] has no string \"sig\"")
            }
            let keyid = fields["keyid"]
            guard keyid == nil || keyid?.stringValue != nil else {
                throw Self.malformed("signatures[\(index)].keyid is not a string")
            }
            signatures.append(DSSESignature(keyid: keyid?.stringValue ?? "", sig: sig))
        }
        self.init(payload: payload, payloadType: payloadType, signatures: signatures)
    }

    private static func requireOnly(
        _ allowed: Set<String>, in members: [String: JSONValue], where place: String
    )
        throws(AttestationError)
    {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw malformed("\(place) has an unknown member \"\(unknown)\"; a DSSE verifier elsewhere may read it")
        }
    }

    private static func malformed(_ detail: String) -> AttestationError {
        AttestationError(
            .malformedEnvelope,
            "not a well-formed DSSE envelope: \(detail); check that the file is the .dsse.json, not the report, "
                + "and that nobody edited it")
    }
}
