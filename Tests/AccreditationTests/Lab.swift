import Accreditation
import Attestation
import Foundation
import X509

/// A throw-away accreditation root and labs in a temporary folder.
struct Lab {
    let key: SigningKey
    let certificate: Certificate
    let name: String

    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "aitc-accreditation-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func issue(
        by root: CertificateAuthority, name: String, classes: [String] = ["smartphone", "pc"],
        families: [String] = ["latency", "quality", "energy", "privacy"], validDays: Int = 365, now: Date = Date(),
        algorithm: KeyAlgorithm = .ed25519
    ) throws -> Lab {
        let key = SigningKey.generate(algorithm: algorithm)
        let certificate = try root.issueLab(
            labKey: key.publicKey, name: name, scope: AccreditationScope(deviceClasses: classes, families: families),
            validDays: validDays, now: now)
        return Lab(key: key, certificate: certificate, name: name)
    }

    /// A minimal report predicate naming this lab, for steps 1–6.
    func report(
        deviceClass: String = "smartphone", families: [String] = ["latency"], finishedAt: Date = Date(),
        labName: String? = nil, keyID: String? = nil
    ) -> Data {
        let standards = families.map {
            #"{"family":"\#($0)","id":"X","sha256":"\#(String(repeating: "a", count: 64))","version":"1"}"#
        }.joined(separator: ",")
        let text = #"""
            {"decision":"inconclusive","finished_at":"\#(Timestamp.format(finishedAt))","lab":{"key_id":"\#(keyID ?? key.publicKey.keyID)","name":"\#(labName ?? name)"},"report_id":"R-1","standards":[\#(standards)],"suite":{"device_class":"\#(deviceClass)"}}
            """#
        return Data(text.utf8)
    }

    func bundle(_ report: Data, chain: [Certificate]? = nil, signer: SigningKey? = nil) throws -> Data {
        if let signer {
            let envelope = try ReportAttestor.attest(report: report, reportName: "R-1.report.json", key: signer)
            return try SigstoreBundle(envelope: envelope, certificates: chain ?? [certificate]).jsonData()
        }
        return try SigstoreBundle.sign(
            report: report, reportName: "R-1.report.json", key: key, chain: chain ?? [certificate]
        )
        .jsonData()
    }
}

extension Timestamp {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
