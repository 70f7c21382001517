import Foundation
import Testing

@testable import Attestation

/// The verifier's input caps and the report file beside the envelope.
@Suite("Verifier inputs")
struct VerifierInputTests {
    let lab = SigningKey.generate()

    @Test("a 1 GiB file is refused from its size, without being read")
    func hugeFileRefusedBySize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("huge.dsse.json")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 1 << 30)  // sparse: costs no disk
        try handle.close()
        let error = #expect(throws: AttestationError(.limitExceeded, "")) {
            try BoundedFile.read(path: path, limit: VerificationLimits.standard.maximumFileBytes, what: "envelope")
        }
        #expect(error?.reason.contains("1073741824 bytes") == true, "\(error?.reason ?? "")")
    }

    @Test("an endless stream is read only up to the cap")
    func endlessStreamStopsAtTheCap() throws {
        // /dev/zero has no size and no end: a reader that reads to the end never returns.
        #expect(throws: AttestationError(.limitExceeded, "")) {
            try BoundedFile.read(path: "/dev/zero", limit: 1 << 20, what: "envelope")
        }
    }

    @Test("a file at the cap is read whole; a missing file is fileUnreadable")
    func atTheCap() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("x")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(try BoundedFile.read(path: path, limit: 4096, what: "report").count == 4096)
        #expect(throws: AttestationError(.limitExceeded, "")) {
            try BoundedFile.read(path: path, limit: 4095, what: "report")
        }
        #expect(throws: AttestationError(.fileUnreadable, "")) {
            try BoundedFile.read(path: directory.file("missing"), limit: 10, what: "report")
        }
    }

    @Test("nesting deeper than the cap is refused in the envelope")
    func depthCap() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: AttestationError(.malformedEnvelope, "")) {
            try DSSEEnvelope(jsonData: Data(#"{"payload":"","payloadType":"","signatures":[],"x":\#(deep)}"#.utf8))
        }
    }

    @Test("the report file must be the signed report, byte for byte")
    func reportFileMustMatch() throws {
        let envelope = try ReportAttestor.attest(report: Fixtures.report, reportName: "R-0001.report.json", key: lab)
        let verified = try ReportAttestor.verify(envelope: envelope.jsonData(), trusting: [lab.publicKey])
        let canonical = try ReportAttestor.canonicalReport(Fixtures.report)
        try verified.requireReportFile(canonical, path: "R-0001.report.json")
        let sameJSONOtherBytes = [
            Fixtures.report,  // pretty, same content
            canonical + Data("\n".utf8),
            Data([0xEF, 0xBB, 0xBF]) + canonical,
        ]
        for bytes in sameJSONOtherBytes {
            #expect(throws: AttestationError(.reportFileMismatch, "")) {
                try verified.requireReportFile(bytes, path: "R-0001.report.json")
            }
        }
        let forged = Data(
            String(decoding: canonical, as: UTF8.self).replacingOccurrences(of: "conformant", with: "CONFORMANT").utf8)
        let error = #expect(throws: AttestationError(.reportFileMismatch, "")) {
            try verified.requireReportFile(forged, path: "R-0001.report.json")
        }
        #expect(error?.reason.contains("from byte") == true)
    }

    @Test("the companion report is looked up by envelope name and subject name, never outside the folder")
    func companionPaths() throws {
        let envelope = try ReportAttestor.attest(report: Fixtures.report, reportName: "R-0001.report.json", key: lab)
        let verified = try ReportAttestor.verify(envelope: envelope.jsonData(), trusting: [lab.publicKey])
        #expect(
            verified.companionReportPaths(envelopePath: "/x/R-7.dsse.json") == [
                "/x/R-7.report.json", "/x/R-0001.report.json",
            ])
        #expect(verified.companionReportPaths(envelopePath: "R-0001.dsse.json") == ["R-0001.report.json"])
        let escaping = try ReportAttestor.attest(report: Fixtures.report, reportName: "../../etc/passwd", key: lab)
        let escaped = try ReportAttestor.verify(envelope: escaping.jsonData(), trusting: [lab.publicKey])
        #expect(escaped.companionReportPaths(envelopePath: "/x/a.dsse.json") == ["/x/a.report.json"])
    }
}
