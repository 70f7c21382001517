import Attestation
import Foundation
import X509

extension SigstoreBundle {
    /// Signs `report` with the lab `key` and bundles the envelope with `chain` (leaf first).
    /// - Throws: if the key is not the leaf certificate's key, or signing fails.
    public static func sign(
        report: Data, reportName: String, key: SigningKey, chain: [Certificate]
    ) throws -> SigstoreBundle {
        guard let leaf = chain.first else { throw AccreditationError("give the lab certificate (--cert)") }
        guard try CertificateFiles.verifyingKey(of: leaf) == key.publicKey else {
            throw AccreditationError(
                "the signing key is not the key of the lab certificate \(CertificateFiles.commonName(of: leaf)); "
                    + "pass the key the certificate was issued for")
        }
        let envelope = try ReportAttestor.attest(report: report, reportName: reportName, key: key)
        return SigstoreBundle(envelope: envelope, certificates: chain)
    }
}
