import Attestation
import Crypto
import Foundation
import SwiftASN1
import X509

/// An accreditation root: an Ed25519 or P-256 key and its self-signed certificate, stored as
/// `PREFIX.key` (PKCS#8, 0600), `PREFIX.pub` and `PREFIX.crt` (PEM). It issues lab certificates
/// carrying an ``AccreditationScope`` and signs the ``RevocationList`` at `PREFIX.revocations.json`.
public struct CertificateAuthority: Sendable {
    /// The root's private key.
    public let key: SigningKey
    /// The root certificate.
    public let certificate: Certificate

    /// Creates an authority from its parts.
    public init(key: SigningKey, certificate: Certificate) {
        self.key = key
        self.certificate = certificate
    }

    /// Creates a new root: writes `PREFIX.key`, `PREFIX.pub` and `PREFIX.crt`, never overwriting.
    /// - Parameters:
    ///   - name: The root's common name, e.g. "National AI Terminal Accreditation Body".
    ///   - prefix: Where the files go.
    ///   - validDays: How long the root certificate is valid.
    ///   - now: The start of validity.
    ///   - algorithm: The root key's algorithm (Ed25519 or P-256).
    public static func initialize(
        name: String, prefix: String, validDays: Int, now: Date = Date(), algorithm: KeyAlgorithm = .ed25519
    ) throws -> CertificateAuthority {
        let certificatePath = prefix + ".crt"
        guard !FileManager.default.fileExists(atPath: certificatePath) else {
            throw AccreditationError(
                "\(certificatePath) already exists; refusing to overwrite a root — choose another --out")
        }
        try KeyFiles.generate(prefix: prefix, algorithm: algorithm)
        let key = try KeyFiles.loadSigningKey(path: prefix + ".key")
        let privateKey = try CertificateKeys.privateKey(key)
        let subject = try DistinguishedName { CommonName(name) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(Double(validDays) * 86_400),
            issuer: subject, subject: subject, signatureAlgorithm: CertificateKeys.signatureAlgorithm(of: key),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: privateKey.publicKey)
            },
            issuerPrivateKey: privateKey)
        try Data(CertificateFiles.pem(certificate).utf8).write(
            to: URL(fileURLWithPath: certificatePath), options: .withoutOverwriting)
        return CertificateAuthority(key: key, certificate: certificate)
    }

    /// Loads `PREFIX.key` and `PREFIX.crt`, requiring that they belong together.
    public init(prefix: String) throws {
        let key = try KeyFiles.loadSigningKey(path: prefix + ".key")
        let certificates = try CertificateFiles.load(path: prefix + ".crt")
        guard certificates.count == 1, let certificate = certificates.first else {
            throw AccreditationError(
                "\(prefix).crt must hold exactly the root certificate, found \(certificates.count)")
        }
        guard try CertificateFiles.verifyingKey(of: certificate) == key.publicKey else {
            throw AccreditationError("\(prefix).key is not the key of \(prefix).crt; the root files were mixed up")
        }
        self.init(key: key, certificate: certificate)
    }

    /// Issues a lab certificate for `labKey` with `scope`, valid for `validDays` from `now`.
    public func issueLab(
        labKey: VerifyingKey, name: String, scope: AccreditationScope, validDays: Int, now: Date = Date()
    ) throws -> Certificate {
        guard !scope.deviceClasses.isEmpty, !scope.families.isEmpty else {
            throw AccreditationError("a lab must be accredited for at least one device class and one standard family")
        }
        let issuerKey = try CertificateKeys.privateKey(key)
        let publicKey = try CertificateKeys.publicKey(labKey)
        let notAfter = min(now.addingTimeInterval(Double(validDays) * 86_400), certificate.notValidAfter)
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: notAfter,
            issuer: certificate.subject, subject: try DistinguishedName { CommonName(name) },
            signatureAlgorithm: CertificateKeys.signatureAlgorithm(of: key),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier)
                try scope.certificateExtension()
            },
            issuerPrivateKey: issuerKey)
    }
}
