import Accreditation
import ArgumentParser
import Attestation
import Certification
import Foundation
import X509

/// `aitc certify --cert LAB.crt [--chain CA.pem]`: also write a Sigstore bundle carrying the chain.
struct AccreditationOptions: ParsableArguments {
    @Option(help: "The lab certificate (PEM) for --key, from `aitc ca issue-lab`: also writes <id>.sigstore.json (Sigstore bundle v0.3 with the chain).")
    var cert: String?

    @Option(help: "Intermediate certificates (PEM) between the lab certificate and the root. Repeatable.")
    var chain: [String] = []

    /// The lab's key and chain, checked before anything runs; `nil` without --cert.
    func credential(keyPath: String) throws -> LabCredential? {
        guard let cert else {
            if !chain.isEmpty { throw ValidationError("--chain needs --cert") }
            return nil
        }
        let key = try setup { try KeyFiles.loadSigningKey(path: keyPath) }
        var certificates = try setup { try CertificateFiles.load(path: cert) }
        for path in chain { certificates += try setup { try CertificateFiles.load(path: path) } }
        let leafKey = try setup { try CertificateFiles.verifyingKey(of: certificates[0]) }
        guard leafKey == key.publicKey else {
            throw CertificationError(.setup, "\(cert) was issued for key \(leafKey.keyID), not for --key \(keyPath) (\(key.publicKey.keyID))")
        }
        guard Date() < certificates[0].notValidAfter, Date() >= certificates[0].notValidBefore else {
            throw CertificationError(.setup, "\(cert) is not valid now (\(certificates[0].notValidBefore) to \(certificates[0].notValidAfter))")
        }
        return LabCredential(key: key, chain: certificates)
    }
}

/// A lab key with its certificate chain (leaf first).
struct LabCredential {
    let key: SigningKey
    let chain: [Certificate]

    /// The lab name the reports must carry: the certificate's common name.
    var labName: String { CertificateFiles.commonName(of: chain[0]) }

    /// The lab name for the reports: the certificate's, which a different --lab contradicts.
    func reportLab(given lab: String) throws -> String {
        guard lab == "self-test" || lab == labName else {
            throw CertificationError(.setup, "--lab \"\(lab)\" differs from the lab certificate's name \"\(labName)\"; reports must name the lab that signs them")
        }
        return labName
    }

    /// Signs the report file at `reportPath` again, with the chain, into `<id>.sigstore.json` beside it.
    func writeBundle(reportPath: String) throws -> String {
        let bytes = try BoundedFile.read(path: reportPath, limit: VerificationLimits.standard.maximumFileBytes, what: "report")
        let name = (reportPath as NSString).lastPathComponent
        let bundle = try SigstoreBundle.sign(report: bytes, reportName: name, key: key, chain: chain)
        let path = String(reportPath.dropLast(".report.json".count)) + ".sigstore.json"
        try bundle.jsonData().write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        return path
    }
}
