import SwiftASN1
import X509

/// What a lab is accredited for: device classes and standard families, carried in a lab
/// certificate as a non-critical X.509 extension (Reports/ACCREDITATION.md, "Scope extension").
///
/// ```
/// id-aitc-accreditationScope OBJECT IDENTIFIER ::= { 2 25 375898545805002081 }
/// AccreditationScope ::= SEQUENCE {
///     deviceClasses  SEQUENCE OF UTF8String,   -- e.g. "smartphone", "smart-home"
///     families       SEQUENCE OF UTF8String }  -- "latency", "energy", "privacy", "quality"
/// ```
///
/// The OID is under the ITU-T X.667 UUID arc (2.25), which needs no registration: it is UUID
/// 00000000-0000-0000-0537-75bc5e4b0561. The extension is non-critical so that OpenSSL and other
/// generic verifiers accept the chain; aitc's verifier requires it on every lab certificate.
public struct AccreditationScope: Sendable, Hashable {
    /// The extension's OID.
    public static let oid: ASN1ObjectIdentifier = [2, 25, 375_898_545_805_002_081]

    /// Device classes the lab may certify, e.g. `smartphone`.
    public let deviceClasses: [String]
    /// Standard families the lab may judge, e.g. `latency`.
    public let families: [String]

    /// Creates a scope; names are kept sorted and unique.
    public init(deviceClasses: [String], families: [String]) {
        self.deviceClasses = Array(Set(deviceClasses)).sorted()
        self.families = Array(Set(families)).sorted()
    }

    /// The scope as a (non-critical) certificate extension.
    public func certificateExtension() throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serializeSequenceOf(deviceClasses.map { ASN1UTF8String($0) })
            try coder.serializeSequenceOf(families.map { ASN1UTF8String($0) })
        }
        return Certificate.Extension(oid: Self.oid, critical: false, value: serializer.serializedBytes[...])
    }

    /// The scope carried by `certificate`, or `nil` if it has no scope extension.
    /// - Throws: ``AccreditationError`` if the extension is there but not well-formed.
    public init?(certificate: Certificate) throws(AccreditationError) {
        guard let ext = certificate.extensions[oid: Self.oid] else { return nil }
        do {
            let root = try DER.parse(ext.value)
            let (classes, families) = try DER.sequence(root, identifier: .sequence) { nodes in
                (
                    try DER.sequence(of: ASN1UTF8String.self, identifier: .sequence, nodes: &nodes),
                    try DER.sequence(of: ASN1UTF8String.self, identifier: .sequence, nodes: &nodes)
                )
            }
            self.init(deviceClasses: classes.map(String.init), families: families.map(String.init))
        } catch {
            throw AccreditationError(
                "the certificate's accreditation scope extension (\(Self.oid)) is not well-formed DER; "
                    + "it was not issued by `aitc ca issue-lab` or was altered")
        }
    }
}
