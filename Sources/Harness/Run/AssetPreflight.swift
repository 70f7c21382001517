import Foundation

/// Checks every file a suite depends on before anything runs: present, and with the digest the
/// suite records. A mismatch stops the run before any timing.
public enum AssetPreflight {
    /// Throws naming the first missing or altered file.
    public static func check(_ suite: Suite) throws(HarnessError) {
        for workload in suite.workloads {
            let files = [workload.model] + workload.quality.gates.map(\.reference)
                + workload.inputs.keys.sorted().compactMap { workload.inputs[$0] }
            for file in files {
                guard FileManager.default.fileExists(atPath: file.path) else {
                    throw HarnessError(
                        .invalidWorkload,
                        "\(workload.id): missing file \(file.path) (expected sha256 \(file.sha256)); build the workloads with Tools/workloads/build_all.sh")
                }
                guard let actual = FileDigest.sha256(file: file.path) else {
                    throw HarnessError(.invalidWorkload, "\(workload.id): cannot read \(file.path)")
                }
                guard actual == file.sha256 else {
                    throw HarnessError(
                        .invalidWorkload,
                        "\(workload.id): \(file.path) has sha256 \(actual), the suite expects \(file.sha256)")
                }
            }
        }
    }
}
