import Attestation
import Crypto
import Foundation
import SwiftASN1
import X509

/// Reading and writing certificates as PEM, and the aitc facts about them.
public enum CertificateFiles {
    /// Every `CERTIFICATE` block in the PEM file at `path`, in order.
    public static func load(path: String) throws -> [Certificate] {
        let data = try BoundedFile.read(
            path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "certificate file")
        guard let text = String(data: data, encoding: .utf8) else {
            throw AccreditationError(
                "\(path) is not a PEM text file; convert a DER certificate with `openssl x509 -inform DER`")
        }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw AccreditationError("\(path) holds no readable PEM certificate")
        }
        var certificates: [Certificate] = []
        for document in documents {
            guard document.discriminator == "CERTIFICATE" else {
                throw AccreditationError(
                    "\(path) holds a \"\(document.discriminator)\" block; only CERTIFICATE blocks belong there")
            }
            do {
                certificates.append(try Certificate(pemDocument: document))
            } catch {
                throw AccreditationError("\(path) holds a certificate that is not valid X.509 DER: \(error)")
            }
        }
        guard !certificates.isEmpty else { throw AccreditationError("\(path) holds no certificate") }
        return certificates
    }

    /// The certificate as PEM text.
    public static func pem(_ certificate: Certificate) throws -> String {
        try certificate.serializeAsPEM().pemString + "\n"
    }

    /// The certificate's DER bytes.
    public static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// The certificate's Ed25519 or P-256 key as an aitc ``VerifyingKey`` (whose
    /// ``VerifyingKey/keyID`` is the lab key ID).
    /// - Throws: if the certificate's key is neither.
    public static func verifyingKey(of certificate: Certificate) throws -> VerifyingKey {
        if let key = Curve25519.Signing.PublicKey(certificate.publicKey) {
            return try VerifyingKey(rawRepresentation: key.rawRepresentation)
        }
        if let key = P256.Signing.PublicKey(certificate.publicKey) {
            return try VerifyingKey(algorithm: .p256, rawRepresentation: key.x963Representation)
        }
        throw AccreditationError(
            "the certificate for \(commonName(of: certificate)) holds a \(certificate.publicKey) key; aitc signs with Ed25519 or P-256 only"
        )
    }

    /// The serial number as lowercase hex (as in revocation lists and `openssl x509 -serial`, lower-cased).
    public static func serialHex(_ certificate: Certificate) -> String {
        certificate.serialNumber.bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The subject's common name, or the whole subject if it has none.
    public static func commonName(of certificate: Certificate) -> String {
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return String(describing: certificate.subject)
    }
}
