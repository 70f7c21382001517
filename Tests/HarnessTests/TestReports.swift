import Attestation
import Conformance
import Foundation
import TestSupport

@testable import Harness

/// Reports of test runs, scored against the shipped standards and run rules, and the independent
/// early-stopping recomputation run on them.
enum TestReports {
    static func build(_ record: RunRecord) throws -> ConformanceReport {
        let standards = try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: [
            ProjectRoot.layout.standardsDirectory
        ])
        return try ReportBuilder(
            standards: standards, runRules: try RunRules.load(path: ProjectRoot.layout.runRulesPath),
            harness: HarnessIdentity.current(root: nil),
            lab: LabSection(name: "test", keyId: SigningKey.generate().publicKey.keyID)
        ).build(record)
    }

    /// `Tools/audit/recompute_early_stopping.py` on the JSON file at `path`: its exit status and output.
    static func recompute(_ path: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "\(ProjectRoot.path)/Tools/audit/recompute_early_stopping.py", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
