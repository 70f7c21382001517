import Accreditation
import Attestation
import Foundation
import TestSupport
import Testing

@testable import Harness

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `aitc ca …` and `aitc verify --trust-root …` as a regulator runs them: exit statuses, the step
/// named in every rejection, and the JSON outcome.
@Suite("aitc ca and aitc verify --trust-root", .serialized)
struct DeskCommandLineTests {
    typealias Outcome = AitcProcess.Outcome

    static func aitc(_ arguments: [String], in folder: String? = nil) throws -> Outcome {
        try AitcProcess.run(arguments, in: folder)
    }

    @Test(
        "ca init and issue-lab write a chain openssl accepts (Ed25519 and P-256); bad inputs exit 64 with a sentence",
        arguments: ["ed25519", "p256"])
    func caCommands(algorithm: String) throws {
        let folder = NSTemporaryDirectory() + "aitc-ca-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let initialized = try Self.aitc(
            ["ca", "init", "--name", "Body", "--out", "root", "--algorithm", algorithm], in: folder)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains(algorithm == "p256" ? "ECDSA P-256" : "Ed25519"), "\(initialized.stdout)")
        #expect(try Self.aitc(["keys", "generate", "--out", "lab", "--algorithm", algorithm], in: folder).status == 0)
        let key = try KeyFiles.loadSigningKey(path: folder + "/lab.key")
        #expect(key.algorithm.rawValue == algorithm)
        let issued = try Self.aitc(
            [
                "ca", "issue-lab", "--ca", "root", "--lab-key", "lab.pub", "--name", "Lab Z", "--device-classes",
                "toy,wearable",
                "--families", "privacy", "--valid-days", "30", "--out", "lab.crt",
            ], in: folder)
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stdout.contains("scope:           toy, wearable; privacy"), "\(issued.stdout)")
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["verify", "-x509_strict", "-CAfile", folder + "/root.crt", folder + "/lab.crt"]
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0)
        let unknown = try Self.aitc(
            [
                "ca", "issue-lab", "--ca", "root", "--lab-key", "lab.pub", "--name", "L", "--device-classes", "phablet",
                "--families", "privacy", "--out", "x.crt",
            ], in: folder)
        #expect(
            unknown.status == 64 && unknown.stderr.contains("unknown device class \"phablet\""), "\(unknown.stderr)")
        let again = try Self.aitc(["ca", "init", "--name", "Body", "--out", "root"], in: folder)
        #expect(again.status == 64 && again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(!again.stderr.contains("Error("), "\(again.stderr)")
        let unknownAlgorithm = try Self.aitc(["keys", "generate", "--out", "other", "--algorithm", "rsa"], in: folder)
        #expect(unknownAlgorithm.status == 64, "\(unknownAlgorithm.stderr)")
    }

    @Test("verify --trust-root accepts real bundles, names the step of each rejection, honours ca revoke")
    func verifyCommand() throws {
        let fixture = try RealReports.fixture.get()
        let folder = fixture.folder + "/cli"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let smartphone = try #require(fixture.signed.first { $0.deviceClass == "smartphone" })
        try smartphone.bundle.write(to: URL(fileURLWithPath: folder + "/R.sigstore.json"))
        try smartphone.report.write(to: URL(fileURLWithPath: folder + "/R.report.json"))
        let root = fixture.folder + "/root.crt"

        let good = try Self.aitc(["verify", folder + "/R.sigstore.json", "--trust-root", root])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("step 8 re-derivation: passed"), "\(good.stdout)")
        #expect(good.stdout.contains("R.report.json is the signed report"), "\(good.stdout)")
        let json = try Self.aitc(["verify", folder + "/R.sigstore.json", "--trust-root", root, "--json"])
        let parsed = try JSONValue(data: Data(json.stdout.utf8))
        #expect(parsed["accepted"] == .bool(true) && parsed["lab"]?.stringValue == "Lab A", "\(json.stdout)")
        #expect(parsed["steps"]?.arrayValue?.count == 8)

        // The report file beside the bundle edited: rejected.
        try String(decoding: smartphone.report, as: UTF8.self).replacingOccurrences(
            of: "\"decision\":\"", with: "\"decision\":\"x"
        )
        .write(toFile: folder + "/R.report.json", atomically: true, encoding: .utf8)
        let edited = try Self.aitc(["verify", folder + "/R.sigstore.json", "--trust-root", root])
        #expect(edited.status == 1 && edited.stderr.contains("is not the signed report"), "\(edited.stderr)")
        try FileManager.default.removeItem(atPath: folder + "/R.report.json")

        // Revoked with a compromised key: step 4, named.
        let labCert = folder + "/labA.crt"
        try CertificateFiles.pem(fixture.labs["Lab A"]!.certificate).write(
            toFile: labCert, atomically: true, encoding: .utf8)
        let revoke = try Self.aitc([
            "ca", "revoke", "--ca", fixture.folder + "/root", "--cert", labCert, "--reason", "keyCompromise",
        ])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        let revoked = try Self.aitc(
            [
                "verify", folder + "/R.sigstore.json", "--trust-root", root, "--revocations",
                fixture.folder + "/root.revocations.json",
            ])
        #expect(revoked.status == 1, "\(revoked.stdout)")
        #expect(revoked.stderr.contains("REJECTED at step 4 (revocation"), "\(revoked.stderr)")
        let revokedJSON = try JSONValue(
            data: Data(
                try Self.aitc(
                    [
                        "verify", folder + "/R.sigstore.json", "--trust-root", root, "--revocations",
                        fixture.folder + "/root.revocations.json",
                        "--json",
                    ]).stdout.utf8))
        #expect(revokedJSON["failed_step_name"]?.stringValue == "revocation")
        try FileManager.default.removeItem(atPath: fixture.folder + "/root.revocations.json")

        // report show / json / junit read the same bundle.
        let show = try Self.aitc(["report", "show", folder + "/R.sigstore.json"])
        #expect(
            show.status == 0 && show.stdout.contains("decision  :") && show.stdout.contains("QUA-01"), "\(show.stdout)")
        let verdicts = try JSONValue(
            data: Data(try Self.aitc(["report", "json", folder + "/R.sigstore.json"]).stdout.utf8))
        #expect(
            verdicts["verdicts"]?.arrayValue?.count
                == (try JSONValue(data: smartphone.report))["verdicts"]?.arrayValue?.count)
        let junit = try Self.aitc(["report", "junit", folder + "/R.sigstore.json", "-o", folder + "/results.xml"])
        #expect(junit.status == 0, "\(junit.stderr)")
        let xml = try String(contentsOfFile: folder + "/results.xml", encoding: .utf8)
        #expect(xml.contains("<testsuites") && xml.contains("<testcase"), "\(xml)")
        #expect(try XMLDocument(xmlString: xml).rootElement()?.name == "testsuites")

        // A folder of bundles from both labs and both algorithms, one tampered: each named, exit 1, the count.
        var paths: [String] = []
        for signed in fixture.signed {
            let path = folder + "/\(signed.deviceClass).sigstore.json"
            try signed.bundle.write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        try RealReports.tampered(smartphone.bundle).write(to: URL(fileURLWithPath: folder + "/tampered.sigstore.json"))
        let all = try Self.aitc(["verify"] + paths + ["--trust-root", root])
        #expect(all.status == 0 && all.stdout.contains("3 of 3 bundles verified"), "\(all.stdout)\(all.stderr)")
        let mixed = try Self.aitc(["verify"] + paths + [folder + "/tampered.sigstore.json", "--trust-root", root])
        #expect(mixed.status == 1 && mixed.stdout.contains("3 of 4 bundles verified"), "\(mixed.stdout)")
        #expect(mixed.stderr.contains("tampered.sigstore.json: REJECTED at step"), "\(mixed.stderr)")
        let lines = try Self.aitc(
            ["verify"] + paths + [folder + "/tampered.sigstore.json", "--trust-root", root, "--json"]
        )
        .stdout.split(separator: "\n").map { try JSONValue(data: Data($0.utf8)) }
        #expect(lines.count == 4 && lines.filter { $0["accepted"] == .bool(true) }.count == 3)
        #expect(lines.last?["bundle"]?.stringValue == folder + "/tampered.sigstore.json")

        // Another root: step 3. Misuse: 64.
        let other = try Self.aitc(["verify", folder + "/R.sigstore.json", "--trust-root", folder + "/labA.crt"])
        #expect(other.status == 1 && other.stderr.contains("REJECTED at step 3 (chain"), "\(other.stderr)")
        let both = try Self.aitc(["verify", folder + "/R.sigstore.json", "--trust-root", root, "--trust", root])
        #expect(both.status == 64)
        let missing = try Self.aitc(["verify", folder + "/R.sigstore.json", "--trust-root", folder + "/none.pem"])
        #expect(missing.status == 64 && !missing.stderr.contains("Error"), "\(missing.stderr)")
    }
}
