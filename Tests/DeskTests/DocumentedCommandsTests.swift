import Foundation
import TestSupport
import Testing

/// The OpenSSL commands Reports/SIGNING.md shows for accredited bundles, run as printed on real bundles.
@Suite("Documented OpenSSL commands", .serialized)
struct DocumentedCommandsTests {
    static func block(after marker: String, in file: String) throws -> String {
        let text = try String(contentsOfFile: ProjectRoot.path + "/" + file, encoding: .utf8)
        let start = try #require(text.range(of: marker))
        let open = try #require(text.range(of: "```sh\n", range: start.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n```", range: open.upperBound..<text.endIndex))
        return String(text[open.upperBound..<close.lowerBound])
    }

    static func bash(_ script: String, in folder: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(
        "openssl verifies the chain and the DSSE signature of real bundles (Ed25519 and P-256 labs under a P-256 root); a flipped payload byte fails",
        arguments: ["Lab A", "Lab B"])
    func bundleWithOpenSSL(lab: String) throws {
        let fixture = try RealReports.fixture.get()
        let signed = try #require(fixture.signed.first { $0.lab == lab })
        let script = try Self.block(after: "<!-- bundle-openssl-example", in: "Reports/SIGNING.md")
        let folder = fixture.folder + "/openssl-doc-" + lab.replacingOccurrences(of: " ", with: "")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try signed.bundle.write(to: URL(fileURLWithPath: folder + "/R.sigstore.json"))
        try FileManager.default.copyItem(atPath: fixture.folder + "/root.crt", toPath: folder + "/root.crt")
        let good = try Self.bash(script, in: folder)
        #expect(good.status == 0, "\(good.output)")
        #expect(
            good.output.contains("chain.pem: OK") && good.output.contains("Signature Verified Successfully"),
            "\(good.output)")
        // Tamper with the payload: the last command must fail.
        try RealReports.tampered(signed.bundle).write(to: URL(fileURLWithPath: folder + "/R.sigstore.json"))
        let bad = try Self.bash(script, in: folder)
        #expect(bad.status != 0, "\(bad.output)")
    }
}
