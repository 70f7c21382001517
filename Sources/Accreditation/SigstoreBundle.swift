import Attestation
import Foundation
import X509

/// A Sigstore bundle v0.3 (`application/vnd.dev.sigstore.bundle.v0.3+json`) holding a DSSE
/// envelope and the signer's X.509 chain (`verificationMaterial.x509CertificateChain`, leaf
/// first, root excluded). No transparency-log entries: the signing time is the report's own.
///
/// See <https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto>.
public struct SigstoreBundle: Sendable {
    /// The bundle media type aitc writes and accepts.
    public static let mediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"

    /// The signed envelope.
    public let envelope: DSSEEnvelope
    /// The chain, leaf first; the root is not included (the verifier brings it).
    public let certificates: [Certificate]

    /// Creates a bundle.
    public init(envelope: DSSEEnvelope, certificates: [Certificate]) {
        self.envelope = envelope
        self.certificates = certificates
    }

    /// The bundle as pretty-printed JSON (keys sorted) with a trailing newline.
    public func jsonData() throws -> Data {
        var chain: [JSONValue] = []
        for certificate in certificates {
            chain.append(
                .object(["rawBytes": .string(Data(try CertificateFiles.der(certificate)).base64EncodedString())]))
        }
        let signatures = envelope.signatures.map {
            JSONValue.object(["keyid": .string($0.keyid), "sig": .string($0.sig)])
        }
        let bundle = JSONValue.object([
            "mediaType": .string(Self.mediaType),
            "verificationMaterial": .object(["x509CertificateChain": .object(["certificates": .array(chain)])]),
            "dsseEnvelope": .object([
                "payload": .string(envelope.payload), "payloadType": .string(envelope.payloadType),
                "signatures": .array(signatures),
            ]),
        ])
        // Canonical JSON re-read by Foundation and pretty-printed would reorder nothing: keep it canonical.
        var data = bundle.canonicalData()
        data.append(0x0A)
        return data
    }

    /// Parses a bundle strictly: duplicate or unknown keys, another media type, a missing chain,
    /// more certificates than 8, or an envelope failing ``DSSEEnvelope/init(jsonValue:limits:)`` are errors.
    public init(jsonData: Data, limits: VerificationLimits = .standard) throws(AccreditationError) {
        let json: JSONValue
        do {
            json = try JSONValue(data: jsonData, maximumDepth: limits.maximumDepth)
        } catch {
            throw AccreditationError("the bundle is not strict JSON: \(error.reason)")
        }
        try self.init(jsonValue: json, limits: limits)
    }

    /// Like ``init(jsonData:limits:)`` for a bundle already parsed strictly (within `limits`' depth).
    public init(jsonValue json: JSONValue, limits: VerificationLimits = .standard) throws(AccreditationError) {
        guard let members = json.objectValue else { throw AccreditationError("the bundle is not a JSON object") }
        try Self.requireOnly(["mediaType", "verificationMaterial", "dsseEnvelope"], members, "the bundle")
        guard members["mediaType"]?.stringValue == Self.mediaType else {
            throw AccreditationError(
                "the bundle's mediaType is \(members["mediaType"]?.canonicalString() ?? "missing"), expected \"\(Self.mediaType)\""
            )
        }
        guard let material = members["verificationMaterial"]?.objectValue else {
            throw AccreditationError("the bundle has no verificationMaterial object")
        }
        try Self.requireOnly(
            ["x509CertificateChain", "tlogEntries", "timestampVerificationData"], material, "verificationMaterial")
        if let tlog = material["tlogEntries"], tlog.arrayValue?.isEmpty != true {
            throw AccreditationError(
                "the bundle carries transparency-log entries, which aitc does not check; refusing rather than ignoring them"
            )
        }
        if material["timestampVerificationData"] != nil {
            throw AccreditationError(
                "the bundle carries timestamps, which aitc does not check; refusing rather than ignoring them")
        }
        guard let chain = material["x509CertificateChain"]?.objectValue else {
            throw AccreditationError(
                "the bundle has no verificationMaterial.x509CertificateChain: it names no lab certificate")
        }
        try Self.requireOnly(["certificates"], chain, "x509CertificateChain")
        guard let entries = chain["certificates"]?.arrayValue, !entries.isEmpty else {
            throw AccreditationError("the bundle's certificate chain is empty")
        }
        guard entries.count <= 8 else {
            throw AccreditationError("the bundle's chain holds \(entries.count) certificates, over the cap of 8")
        }
        var certificates: [Certificate] = []
        for (index, entry) in entries.enumerated() {
            guard let fields = entry.objectValue else {
                throw AccreditationError("certificates[\(index)] is not an object")
            }
            try Self.requireOnly(["rawBytes"], fields, "certificates[\(index)]")
            guard let text = fields["rawBytes"]?.stringValue, let der = Data(base64Encoded: text) else {
                throw AccreditationError("certificates[\(index)].rawBytes is not base64")
            }
            do {
                certificates.append(try Certificate(derEncoded: [UInt8](der)))
            } catch {
                throw AccreditationError("certificates[\(index)] is not a valid X.509 certificate")
            }
        }
        guard let envelopeJSON = members["dsseEnvelope"] else {
            throw AccreditationError("the bundle has no dsseEnvelope")
        }
        do {
            envelope = try DSSEEnvelope(jsonValue: envelopeJSON, limits: limits)
        } catch {
            throw AccreditationError(error.reason)
        }
        self.certificates = certificates
    }

    private static func requireOnly(
        _ allowed: Set<String>, _ members: [String: JSONValue], _ place: String
    )
        throws(AccreditationError)
    {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw AccreditationError(
                "\(place) has the unknown member \"\(unknown)\"; another verifier may read it, so aitc refuses it")
        }
    }
}
