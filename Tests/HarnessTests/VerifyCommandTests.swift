import Attestation
import Foundation
import TestSupport
import Testing

/// `aitc verify` as a regulator runs it: the report file beside the envelope and the size cap.
struct VerifyCommandTests {
    static let report = Data(#"{"decision":"inconclusive","report_id":"R-9"}"#.utf8)

    /// Writes R-9.dsse.json, R-9.report.json (canonical) and lab.pub into `folder`.
    static func signedPair(in folder: TemporaryFolder) throws -> (envelope: String, report: String, pub: String) {
        let key = SigningKey.generate()
        let canonical = try ReportAttestor.canonicalReport(report)
        let envelope = try ReportAttestor.attest(report: canonical, reportName: "R-9.report.json", key: key)
        let envelopePath = try folder.write("R-9.dsse.json", String(decoding: envelope.jsonData(), as: UTF8.self))
        let reportPath = try folder.write("R-9.report.json", String(decoding: canonical, as: UTF8.self))
        let pub = try folder.write("lab.pub", key.publicKey.pem)
        return (envelopePath, reportPath, pub)
    }

    @Test func theReportBesideTheEnvelopeMustBeTheSignedOne() throws {
        let folder = try TemporaryFolder()
        let files = try Self.signedPair(in: folder)
        let good = try CommandLineTests.aitc(["verify", files.envelope, "--trust", files.pub])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("R-9.report.json is the signed report"), "\(good.output)")
        try String(decoding: Self.report, as: UTF8.self).replacingOccurrences(of: "inconclusive", with: "conformant")
            .write(toFile: files.report, atomically: true, encoding: .utf8)
        let forged = try CommandLineTests.aitc(["verify", files.envelope, "--trust", files.pub])
        #expect(forged.status == 1)
        #expect(forged.output.contains("is not the signed report"), "\(forged.output)")
        #expect(!forged.output.contains("AttestationError"), "errors are sentences, not type names: \(forged.output)")
        let elsewhere = try folder.write("copy.json", "{}")
        let given = try CommandLineTests.aitc(["verify", files.envelope, "--trust", files.pub, "--report", elsewhere])
        #expect(given.status == 1 && given.output.contains("copy.json is not the signed report"), "\(given.output)")
    }

    @Test func aOneGibibyteEnvelopeIsRefusedFromItsSize() throws {
        let folder = try TemporaryFolder()
        let files = try Self.signedPair(in: folder)
        let huge = try folder.write("huge.dsse.json", "")
        let handle = try #require(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let outcome = try CommandLineTests.aitc(["verify", huge, "--trust", files.pub])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("1073741824 bytes, over the 67108864-byte cap"), "\(outcome.output)")
    }
}
