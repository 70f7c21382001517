import Foundation
import Testing

@testable import Attestation

/// Reports/SIGNING.md's securesystemslib example, run as printed against envelopes aitc signs.
@Suite("securesystemslib interoperability")
struct SecureSystemsLibTests {
    static let python = "/usr/bin/env"

    /// The Python block after the `securesystemslib-example` marker in Reports/SIGNING.md.
    static func example() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Reports/SIGNING.md"), encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- securesystemslib-example"))
        let start = try #require(text.range(of: "```python\n", range: marker.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("the documented example verifies an aitc envelope and refuses forged ones")
    func documentedExample() throws {
        let installed = try Self.run(["-c", "import securesystemslib.dsse"])
        try #require(installed.status == 0, "securesystemslib is missing: run Tools/bootstrap.sh (\(installed.output))")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lab = SigningKey.generate()
        let script = directory.file("verify_sslib.py")
        try Self.example().write(toFile: script, atomically: true, encoding: .utf8)
        try lab.publicKey.pem.write(toFile: directory.file("lab.pub"), atomically: true, encoding: .utf8)
        let envelope = try ReportAttestor.attest(report: Fixtures.report, reportName: "R-0001.report.json", key: lab)
        try envelope.jsonData().write(to: URL(fileURLWithPath: directory.file("R-0001.dsse.json")))
        let good = try Self.run([script, directory.file("R-0001.dsse.json"), directory.file("lab.pub")])
        #expect(good.status == 0, "\(good.output)")
        let verified = try ReportAttestor.verify(envelope: envelope.jsonData(), trusting: [lab.publicKey])
        #expect(good.output.contains("verified: R-0001.report.json \(verified.reportDigest)"), "\(good.output)")

        // A forged payload added as a duplicate key: Python's json would take it; the example refuses.
        let forged = Data(#"{"decision":"conformant"}"#.utf8).base64EncodedString()
        let text = String(decoding: envelope.jsonData(), as: UTF8.self)
        let duplicate = text.replacingOccurrences(
            of: "\"payloadType\"", with: "\"payload\": \"\(forged)\",\n  \"payloadType\"")
        try duplicate.write(toFile: directory.file("forged.dsse.json"), atomically: true, encoding: .utf8)
        let bad = try Self.run([script, directory.file("forged.dsse.json"), directory.file("lab.pub")])
        #expect(bad.status != 0 && bad.output.contains("duplicate JSON key"), "\(bad.output)")

        // The claim in the docs: securesystemslib's default key ID is not aitc's.
        let defaultKeyID = try Self.run([
            "-c",
            """
            from cryptography.hazmat.primitives.serialization import load_pem_public_key
            from securesystemslib.signer import SSlibKey
            print(SSlibKey.from_crypto(load_pem_public_key(open("\(directory.file("lab.pub"))", "rb").read())).keyid)
            """,
        ])
        #expect(defaultKeyID.status == 0, "\(defaultKeyID.output)")
        #expect(!defaultKeyID.output.contains(lab.publicKey.keyID))
    }
}
