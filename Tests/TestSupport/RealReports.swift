import Accreditation
import Attestation
import Conformance
import Foundation
import Logging
import X509

@testable import Harness

/// Real reports from real runs on this machine (the agent, the reference backend), for three
/// device classes, signed by two accredited labs. Built once per test process (DeskTests,
/// RegistryTests). The root's key is
/// ECDSA P-256, Lab A's Ed25519 and Lab B's P-256, so every desk test runs both algorithms.
package enum RealReports {
    package struct Signed: Sendable {
        package let deviceClass: String
        package let lab: String
        package let report: Data
        package let bundle: Data
    }

    package struct Fixture: Sendable {
        package let folder: String
        package let root: CertificateAuthority
        package let labs: [String: (key: SigningKey, certificate: Certificate)]
        package let signed: [Signed]
    }

    package static let quick = ModeRules(
        name: "test", description: "short test run",
        singleStream: .init(minQueries: 100, minDurationS: 0.2, maxDurationS: 5),
        offline: .init(minSamples: 64, minDurationS: 0.1), cooldownS: 0, seed: 1)

    /// (device class, workload id, lab).
    package static let runs: [(String, String, String)] = [
        ("smartphone", "digits-cnn-fp32", "Lab A"), ("smart-home", "digits-cnn-int8", "Lab B"),
        ("pc", "textenc-fp32", "Lab A"),
    ]

    package static let fixture: Result<Fixture, any Error> = Result { try build() }

    /// `bundle` with one base64 character of its DSSE payload changed (a tampered signed report).
    package static func tampered(_ bundle: Data) throws -> Data {
        var text = String(decoding: bundle, as: UTF8.self)
        guard let payload = text.range(of: #""payload":""#)?.upperBound else { throw NoPayload() }
        let index = text.index(payload, offsetBy: 40)
        text.replaceSubrange(index...index, with: text[index] == "A" ? "B" : "A")
        return Data(text.utf8)
    }

    package static func standards() throws -> StandardsSet {
        try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [ProjectRoot.layout.standardsDirectory])
    }

    package static func build() throws -> Fixture {
        let folder = NSTemporaryDirectory() + "aitc-desk-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let root = try CertificateAuthority.initialize(
            name: "Test Accreditation Body", prefix: folder + "/root", validDays: 3650,
            now: Date().addingTimeInterval(-86_400),
            algorithm: .p256)
        var labs: [String: (key: SigningKey, certificate: Certificate)] = [:]
        for (name, classes, algorithm) in [
            ("Lab A", ["smartphone", "pc"], KeyAlgorithm.ed25519), ("Lab B", ["smart-home"], .p256),
            ("Lab C", ["smartphone"], .ed25519),
        ] {
            let key = SigningKey.generate(algorithm: algorithm)
            let certificate = try root.issueLab(
                labKey: key.publicKey, name: name,
                scope: AccreditationScope(
                    deviceClasses: classes, families: ["latency", "quality", "energy", "privacy"]),
                validDays: 365, now: Date().addingTimeInterval(-3600))
            labs[name] = (key, certificate)
        }
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        var signed: [Signed] = []
        for (deviceClass, workloadID, labName) in runs {
            let full = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load(deviceClass)
            let suite = Suite(
                id: full.id, version: full.version, title: full.title, deviceClass: full.deviceClass,
                clauses: full.clauses,
                workloads: full.workloads.filter { $0.id == workloadID }, path: full.path, sha256: full.sha256)
            let record = try CertificationRun(
                suite: suite, mode: quick, driver: LocalDriver(agentPath: try AgentLocator.hostAgent()),
                logger: Logger(label: "desk-test")
            ).execute()
            let lab = labs[labName]!
            let report = try ReportBuilder(
                standards: try standards(), runRules: rules, harness: HarnessIdentity.current(root: ProjectRoot.path),
                lab: LabSection(name: labName, keyId: lab.key.publicKey.keyID)
            ).build(record)
            let canonical = try ReportAttestor.canonicalReport(try report.jsonData())
            let bundle = try SigstoreBundle.sign(
                report: canonical, reportName: "\(report.reportId).report.json", key: lab.key, chain: [lab.certificate])
            signed.append(
                Signed(deviceClass: deviceClass, lab: labName, report: canonical, bundle: try bundle.jsonData()))
        }
        return Fixture(folder: folder, root: root, labs: labs, signed: signed)
    }

    /// Signs `predicate` as `lab` into a bundle (an accredited lab signing a report it made or altered).
    package static func resigned(_ predicate: JSONValue, lab: String, fixture: Fixture) throws -> Data {
        let (key, certificate) = fixture.labs[lab]!
        let envelope = try ReportAttestor.attest(
            report: predicate.canonicalData(), reportName: "R.report.json", key: key)
        return try SigstoreBundle(envelope: envelope, certificates: [certificate]).jsonData()
    }

    /// A bundle without a DSSE payload cannot be tampered with this way.
    package struct NoPayload: Error {}
}
