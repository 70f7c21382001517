import Accreditation
import Attestation
import Foundation
import X509

/// An accredited lab's signing key with its certificate chain (leaf first): with it, every report
/// is also written as a Sigstore bundle (`<id>.sigstore.json`, bundle v0.3) carrying the chain,
/// and the report names the lab the certificate names.
public struct LabCredential: Sendable {
    /// The lab's signing key (the key of the leaf certificate).
    public let key: SigningKey
    /// The lab certificate first, then the intermediates up to (not including) the root.
    public let chain: [Certificate]

    /// Loads the certificates at `certificatePaths` (the lab certificate first, then intermediates)
    /// for `key`, checking that the lab certificate was issued for `key` and is valid at `now`.
    /// - Throws: a set-up ``CertificationError`` naming the file when a certificate cannot be read,
    ///   was issued for another key, or is not valid now.
    public static func load(
        certificatePaths: [String], key: SigningKey, keyPath: String, now: Date = Date()
    ) throws(CertificationError) -> LabCredential {
        guard let leafPath = certificatePaths.first else {
            throw CertificationError(.setup, "give the lab certificate (--cert) issued for --key \(keyPath)")
        }
        var chain: [Certificate] = []
        for path in certificatePaths {
            do { chain += try CertificateFiles.load(path: path) } catch {
                throw CertificationError(
                    .setup, "cannot use the certificate \(path): \(ErrorSentence.sentence(for: error))")
            }
        }
        let leafKey: VerifyingKey
        do { leafKey = try CertificateFiles.verifyingKey(of: chain[0]) } catch {
            throw CertificationError(
                .setup, "cannot use the certificate \(leafPath): \(ErrorSentence.sentence(for: error))")
        }
        guard leafKey == key.publicKey else {
            throw CertificationError(
                .setup,
                "\(leafPath) was issued for key \(leafKey.keyID), not for --key \(keyPath) (\(key.publicKey.keyID))")
        }
        guard now < chain[0].notValidAfter, now >= chain[0].notValidBefore else {
            throw CertificationError(
                .setup, "\(leafPath) is not valid now (\(chain[0].notValidBefore) to \(chain[0].notValidAfter))")
        }
        return LabCredential(key: key, chain: chain)
    }

    /// The lab name the reports must carry: the lab certificate's common name.
    public var labName: String { CertificateFiles.commonName(of: chain[0]) }

    /// The lab name for the reports: the certificate's; a different `lab` (other than the default
    /// "self-test") contradicts it and is a set-up error.
    public func reportLab(given lab: String) throws(CertificationError) -> String {
        guard lab == "self-test" || lab == labName else {
            throw CertificationError(
                .setup,
                "--lab \"\(lab)\" differs from the lab certificate's name \"\(labName)\"; reports must name the lab that signs them"
            )
        }
        return labName
    }

    /// Signs the canonical report bytes again, with the chain, into `<id>.sigstore.json` beside
    /// `reportPath` (never overwriting a file); returns the bundle's path.
    func writeBundle(report: Data, reportPath: String) throws -> String {
        let name = (reportPath as NSString).lastPathComponent
        let bundle = try SigstoreBundle.sign(report: report, reportName: name, key: key, chain: chain)
        let path = String(reportPath.dropLast(".report.json".count)) + ".sigstore.json"
        try bundle.jsonData().write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        return path
    }
}
