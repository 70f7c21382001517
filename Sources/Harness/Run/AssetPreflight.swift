import Foundation

/// Checks every file a suite depends on (each workload's model, llm decode model, quality
/// references and inputs) before anything runs: present, and with the digest the suite records.
/// A mismatch stops the run before any timing.
public enum AssetPreflight {
    /// Throws naming the first missing or altered file.
    public static func check(_ suite: Suite) throws(HarnessError) {
        for workload in suite.workloads {
            let files =
                [workload.model] + (workload.llm.map { [$0.decodeModel] } ?? [])
                + workload.quality.gates.map(\.reference)
                + workload.inputs.keys.sorted().compactMap { workload.inputs[$0] }
            for file in files {
                guard FileManager.default.fileExists(atPath: file.path) else {
                    throw HarnessError(
                        .invalidWorkload,
                        "workload \(workload.id): the file \(file.path) is missing (the suite expects sha256 \(file.sha256)); "
                            + "build the workloads with Tools/workloads/build_all.sh")
                }
                guard let actual = FileDigest.sha256(file: file.path) else {
                    throw HarnessError(
                        .invalidWorkload,
                        "workload \(workload.id): cannot read the file \(file.path); check its permissions")
                }
                guard actual == file.sha256 else {
                    throw HarnessError(
                        .invalidWorkload,
                        "workload \(workload.id): the file \(file.path) was altered: its sha256 is \(actual), the suite expects "
                            + "\(file.sha256); restore it (Tools/workloads/build_all.sh rebuilds the workloads)")
                }
            }
        }
    }
}
