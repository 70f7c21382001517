import Attestation
import Foundation
import Harness

/// Writes `<id>.report.json` (canonical JSON, the signed subject) and `<id>.dsse.json`, never
/// overwriting a file.
struct ReportWriter: Sendable {
    let directory: String

    /// Writes both files; returns their paths.
    func write(_ report: ConformanceReport, key: SigningKey) throws(CertificationError) -> (report: String, envelope: String) {
        let name = "\(report.reportId).report.json"
        let reportPath = (directory as NSString).appendingPathComponent(name)
        let envelopePath = (directory as NSString).appendingPathComponent("\(report.reportId).dsse.json")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let (canonical, envelope) = try ReportAttestor.sign(report: try report.jsonData(), reportName: name, key: key)
            try canonical.write(to: URL(fileURLWithPath: reportPath), options: .withoutOverwriting)
            try envelope.jsonData().write(to: URL(fileURLWithPath: envelopePath), options: .withoutOverwriting)
        } catch {
            throw CertificationError(.output, "could not write the report \(reportPath): \(ErrorSentence.sentence(for: error))")
        }
        return (reportPath, envelopePath)
    }
}
