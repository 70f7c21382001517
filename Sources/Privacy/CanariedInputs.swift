import Foundation
import Harness

/// Canaried copies of every input of the declared on-device workloads: what a privacy session
/// feeds the device so its traffic and storage can be searched for the canaries. Every sample of
/// every copy is drawn afresh from the data's own distribution (``CanaryEmbedder``).
struct CanariedInputs: Sendable {
    /// Every canary planted, in file order.
    let canaries: [Canary]
    /// Per workload, per model input: the canaried copy on this machine.
    let files: [String: [String: AssetFile]]
    /// Per file: how its canaries were cut and the chance a backend keeping a fraction escapes.
    let notes: [String]

    /// The fractions of samples a leaking backend keeps for which the escape probability is stated.
    static let statedFractions = [0.001, 0.01]

    /// Writes a canaried copy of each input of `workloads` into `folder`; digests keyed with `key`.
    static func prepare(_ workloads: [Workload], in folder: String, key: [UInt8]) throws(PrivacyError) -> CanariedInputs
    {
        var canaries: [Canary] = []
        var files: [String: [String: AssetFile]] = [:]
        var notes: [String] = []
        for workload in workloads {
            for (name, file) in workload.inputs.sorted(by: { $0.key < $1.key }) {
                let copy = "\(folder)/\(workload.id)-\(name).npy"
                let embedded: EmbeddedSamples
                do throws(PrivacyError) {
                    embedded = try CanaryEmbedder().embed(
                        source: file.path, destination: copy, label: "\(workload.id)/\(name)", key: key)
                } catch {
                    throw .invalidInput("could not prepare canaried samples for \(workload.id): \(error.message)")
                }
                guard let digest = FileDigest.sha256(file: copy) else {
                    throw .invalidInput(
                        "could not prepare canaried samples for \(workload.id): cannot read back \(copy)")
                }
                canaries += embedded.canaries
                notes.append(Self.note(embedded))
                files[workload.id, default: [:]][name] = AssetFile(path: copy, sha256: digest)
            }
        }
        return CanariedInputs(canaries: canaries, files: files, notes: notes)
    }

    /// The evidence line of one file: how its canaries were cut, and the probability that a
    /// backend keeping a random fraction of the samples (not telling canaried ones apart) escapes.
    static func note(_ embedded: EmbeddedSamples) -> String {
        let odds = statedFractions.map { fraction in
            "\(String(format: "%g", fraction * 100)) %: \(String(format: "%.2g", embedded.escapeProbability(keeping: fraction)))"
        }
        return "\(embedded.note); a backend keeping a random fraction of the samples escapes with probability "
            + "(1 − fraction)^\(embedded.samples) (\(odds.joined(separator: ", ")))"
    }
}
