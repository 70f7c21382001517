import Foundation
import Harness

/// Canaried copies of every input of the declared on-device workloads: what a privacy session
/// feeds the device so its traffic and storage can be searched for the canaries.
struct CanariedInputs: Sendable {
    /// Every canary planted, in file order.
    let canaries: [Canary]
    /// Per workload, per model input: the canaried copy on this machine.
    let files: [String: [String: AssetFile]]

    /// Writes a canaried copy of each input of `workloads` into `folder`.
    static func prepare(_ workloads: [Workload], in folder: String) throws(PrivacyError) -> CanariedInputs {
        var canaries: [Canary] = []
        var files: [String: [String: AssetFile]] = [:]
        for workload in workloads {
            for (name, file) in workload.inputs.sorted(by: { $0.key < $1.key }) {
                let copy = "\(folder)/\(workload.id)-\(name).npy"
                do throws(PrivacyError) {
                    canaries += try CanaryEmbedder().embed(source: file.path, destination: copy, label: "\(workload.id)/\(name)")
                } catch {
                    throw .invalidInput("could not prepare canaried samples for \(workload.id): \(error.message)")
                }
                guard let digest = FileDigest.sha256(file: copy) else {
                    throw .invalidInput("could not prepare canaried samples for \(workload.id): cannot read back \(copy)")
                }
                files[workload.id, default: [:]][name] = AssetFile(path: copy, sha256: digest)
            }
        }
        return CanariedInputs(canaries: canaries, files: files)
    }
}
