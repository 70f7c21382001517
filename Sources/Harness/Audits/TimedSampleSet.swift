import Foundation

/// The sample set the timed SingleStream draws from: the workload's N samples, then K novel inputs
/// (perturbed copies, never shown in the accuracy pass, each used at most once) at indices N..<N+K.
/// Both halves live in one set on the device, so a backend cannot tell a novel query by its handle.
struct TimedSampleSet: Sendable {
    /// Handle of the combined set on the agent.
    let handle: String
    /// N: indices below are the workload's samples.
    let baseCount: Int
    /// K: novel inputs after them; novel input j is a perturbation of sample `j % baseCount`.
    let novelCount: Int

    /// Writes, stages and loads the combined set of `loaded`; `nil` with the reason when no novel
    /// input fits the rules' memory bound.
    static func load(
        _ loaded: LoadedWorkload, rules: AuditRules, seeds: RunSeeds, workloadIndex: Int, workDirectory: String,
        driver: any DeviceDriver, client: AgentClient
    ) throws(HarnessError) -> Result<TimedSampleSet, InconclusiveReason> {
        var layouts: [(String, NovelSampleWriter.Layout)] = []
        for (name, file) in loaded.workload.inputs.sorted(by: { $0.key < $1.key }) {
            layouts.append((name, try NovelSampleWriter.read(file.path)))
        }
        let base = loaded.sampleCount
        let perSample = layouts.reduce(0) { $0 + $1.1.sampleBytes }
        let fit = perSample > 0 ? Int(rules.novelMaxMegabytes * 1e6) / perSample : 0
        let count = min(rules.novelQueries, fit)
        guard count > 0, layouts.allSatisfy({ $0.1.count == base }) else {
            return .failure(
                InconclusiveReason(
                    "no novel input fits: one sample takes \(perSample) bytes, the run rules allow \(rules.novelMaxMegabytes) MB"
                ))
        }
        let copies = (count + base - 1) / base
        var inputs: [String: FileReference] = [:]
        for (name, layout) in layouts {
            var body = Array(layout.data)
            var novel: [UInt8] = []
            for copy in 0..<copies {
                novel += try NovelSampleWriter.perturbed(
                    layout, seed: seeds.seed(.novelInputs, workload: workloadIndex, index: copy), copy: copy, path: name
                )
            }
            body += novel.prefix(count * layout.sampleBytes)
            let path = (workDirectory as NSString).appendingPathComponent("timed-\(loaded.workload.id)-\(name).npy")
            let file = NpyWriter.encode(
                descr: layout.descr, shape: [base + count] + layout.shape.dropFirst(), body: Data(body))
            do { try file.write(to: URL(fileURLWithPath: path)) } catch {
                throw HarnessError(.output, "cannot write \(path): \(error.localizedDescription)")
            }
            let digest = FileDigest.sha256(file)
            do {
                inputs[name] = FileReference(
                    path: try driver.stage(AssetFile(path: path, sha256: digest)), sha256: digest)
            } catch {
                throw HarnessError(agent: error, during: "staging the timed inputs of \(loaded.workload.id)")
            }
        }
        let handle = loaded.samplesHandle + "-timed"
        do {
            _ = try client.loadSamples(handle: handle, model: loaded.modelHandle, inputs: inputs)
        } catch {
            throw HarnessError(agent: error, during: "loading the timed inputs of \(loaded.workload.id)")
        }
        return .success(TimedSampleSet(handle: handle, baseCount: base, novelCount: count))
    }
}
