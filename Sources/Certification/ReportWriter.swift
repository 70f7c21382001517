import Attestation
import Foundation
import Harness

/// Writes `<id>.report.json` (canonical JSON, the signed subject), `<id>.dsse.json` and, for an
/// accredited lab, `<id>.sigstore.json` (the envelope with the lab's certificate chain), never
/// overwriting a file.
struct ReportWriter: Sendable {
    let directory: String
    /// The lab's certificate chain; `nil`: no Sigstore bundle.
    var credential: LabCredential?

    /// Writes the files; returns their paths.
    func write(
        _ report: ConformanceReport, key: SigningKey
    ) throws(CertificationError) -> (report: String, envelope: String, bundle: String?) {
        let name = "\(report.reportId).report.json"
        let reportPath = (directory as NSString).appendingPathComponent(name)
        let envelopePath = (directory as NSString).appendingPathComponent("\(report.reportId).dsse.json")
        var bundlePath: String?
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let (canonical, envelope) = try ReportAttestor.sign(
                report: try report.jsonData(), reportName: name, key: key)
            try canonical.write(to: URL(fileURLWithPath: reportPath), options: .withoutOverwriting)
            try envelope.jsonData().write(to: URL(fileURLWithPath: envelopePath), options: .withoutOverwriting)
            bundlePath = try credential?.writeBundle(report: canonical, reportPath: reportPath)
        } catch {
            throw CertificationError(
                .output, "could not write the report \(reportPath): \(ErrorSentence.sentence(for: error))")
        }
        return (reportPath, envelopePath, bundlePath)
    }
}
