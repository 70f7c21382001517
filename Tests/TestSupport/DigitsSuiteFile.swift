import Foundation
import Harness

/// A one-workload suite file — the smartphone suite's digits-cnn-fp32 (paths made absolute, the
/// suite's own digests), clause QUA-01 — written into a test's folder: quick to check and to run.
package enum DigitsSuiteFile {
    /// Writes `digits.yaml` into `folder` and returns its path. `model` replaces the model's path
    /// while the digest stays the suite's, so an altered or missing copy must be caught; `clauses`
    /// replaces the suite's clause list (the privacy tests add PRV-01…06).
    package static func write(
        in folder: TemporaryFolder, model: String? = nil, clauses: [String] = ["QUA-01"]
    ) throws -> String {
        let suite = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        guard let workload = suite.workloads.first(where: { $0.id == "digits-cnn-fp32" }),
            let input = workload.inputs["input"],
            let reference = workload.quality.gates.first?.reference
        else { throw CocoaError(.fileReadNoSuchFile) }
        func entry(_ file: AssetFile, path: String? = nil) -> String {
            "{path: \(path ?? file.path), sha256: \(file.sha256)}"
        }
        let text = """
            suite: digits
            version: 0.1.0
            title: Digits only (test)
            device_class: smartphone
            clauses: [\(clauses.joined(separator: ", "))]
            workloads:
              - id: digits-cnn-fp32
                title: Handwritten digits CNN, fp32
                kind: vision-tiny
                precision: fp32
                model: \(entry(workload.model, path: model))
                inputs:
                  input: \(entry(input))
                quality:
                  - {metric: top1-accuracy, target: 0.97, reference: \(entry(reference))}
                scenarios: [single-stream, offline]

            """
        return try folder.write("digits.yaml", text)
    }
}
