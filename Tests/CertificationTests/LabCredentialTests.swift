import Accreditation
import Attestation
import Foundation
import Logging
import TestSupport
import Testing
import X509

@testable import Certification

/// An accredited lab's certificate goes into the certification request: the library checks it
/// against the key before anything runs, names the certificate's lab in the reports and writes the
/// Sigstore bundle itself, so a library user gets what `aitc certify --cert` writes.
@Suite("Lab certificate: checked at set-up, bundle written by the library")
struct LabCredentialTests {
    /// A throw-away root in `folder` and a lab certificate "Lab A" for `key`, written to `lab.crt`.
    static func accredit(
        folder: TemporaryFolder, key: SigningKey
    ) throws -> (root: CertificateAuthority, certificate: String) {
        let root = try CertificateAuthority.initialize(
            name: "Test Accreditation Body", prefix: folder.file("root"), validDays: 30,
            now: Date().addingTimeInterval(-3600))
        let certificate = try root.issueLab(
            labKey: key.publicKey, name: "Lab A",
            scope: AccreditationScope(
                deviceClasses: ["smartphone"], families: ["latency", "quality", "energy", "privacy"]),
            validDays: 30, now: Date().addingTimeInterval(-60))
        let path = folder.file("lab.crt")
        try CertificateFiles.pem(certificate).write(toFile: path, atomically: true, encoding: .utf8)
        return (root, path)
    }

    @Test("a certificate issued for another key is a set-up error naming it, before anything runs")
    func certificateForAnotherKey() throws {
        let folder = try TemporaryFolder()
        var request = try SetupCheckTests.request(folder: folder)
        request.labCertificates = [try Self.accredit(folder: folder, key: SigningKey.generate()).certificate]
        let error = SetupCheckTests.setupError(request)
        #expect(error?.exitStatus == 64)
        #expect(error?.message.contains("\(folder.file("lab.crt")) was issued for key") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("reports")))
    }

    @Test("a --lab that contradicts the certificate is a set-up error; the default takes the certificate's name")
    func labName() throws {
        let folder = try TemporaryFolder()
        var request = try SetupCheckTests.request(folder: folder)
        let key = try KeyFiles.loadSigningKey(path: request.keyPath)
        request.labCertificates = [try Self.accredit(folder: folder, key: key).certificate]
        let prepared = try Certifier(request: request, logger: Logger(label: "test")).prepare()
        #expect(prepared.lab == "Lab A")
        request.lab = "Lab B"
        let error = SetupCheckTests.setupError(request)
        #expect(error?.exitStatus == 64)
        #expect(error?.message.contains("differs from the lab certificate's name \"Lab A\"") == true)
    }

    @Test("the bundle the library writes beside the report verifies against the root and names the lab")
    func bundleVerifies() async throws {
        let folder = try TemporaryFolder()
        let key = SigningKey.generate()
        let (root, certificate) = try Self.accredit(folder: folder, key: key)
        let credential = try LabCredential.load(certificatePaths: [certificate], key: key, keyPath: "lab.key")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let report = Data(
            #"{"decision":"inconclusive","finished_at":"\#(formatter.string(from: Date()))","lab":{"key_id":"\#(key.publicKey.keyID)","name":"Lab A"},"report_id":"R-1","standards":[{"family":"latency","id":"X","sha256":"\#(String(repeating: "a", count: 64))","version":"1"}],"suite":{"device_class":"smartphone"}}"#
                .utf8)
        let path = try credential.writeBundle(report: report, reportPath: folder.file("R-1.report.json"))
        #expect(path == folder.file("R-1.sigstore.json"))
        let bundle = try Data(contentsOf: URL(fileURLWithPath: path))
        let accredited = try await BundleVerifier(root: root.certificate, revocations: nil).verify(bundle: bundle)
        #expect(accredited.labName == "Lab A")
        // Never overwritten: a second bundle for the same report is refused.
        #expect(throws: (any Error).self) {
            try credential.writeBundle(report: report, reportPath: folder.file("R-1.report.json"))
        }
    }
}
