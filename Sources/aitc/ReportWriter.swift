import Attestation
import Foundation
import Harness

/// Writes `<id>.report.json` (canonical JSON, the signed subject) and `<id>.dsse.json`.
struct ReportWriter {
    let directory: String

    /// Writes both files; returns their paths.
    func write(_ report: ConformanceReport, key: SigningKey) throws -> (report: String, envelope: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "\(report.reportId).report.json"
        let canonical = try ReportAttestor.canonicalReport(try report.jsonData())
        let envelope = try ReportAttestor.attest(report: canonical, reportName: name, key: key)
        let reportPath = (directory as NSString).appendingPathComponent(name)
        let envelopePath = (directory as NSString).appendingPathComponent("\(report.reportId).dsse.json")
        try canonical.write(to: URL(fileURLWithPath: reportPath), options: .withoutOverwriting)
        try envelope.jsonData().write(to: URL(fileURLWithPath: envelopePath), options: .withoutOverwriting)
        return (reportPath, envelopePath)
    }
}
