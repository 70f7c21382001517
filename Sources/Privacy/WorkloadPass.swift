import Foundation

#if canImport(Glibc)
import Glibc
import Harness
#endif

/// One privacy pass: every declared workload loads its model and its canaried samples (each file
/// staged through the driver), then runs every sample once with all outputs kept. Each workload's
/// inference window is recorded on this machine's CLOCK_REALTIME, the clock of the capture.
struct WorkloadPass: Sendable {
    /// The certified configuration: backend, accelerator and threads, as the timed run used them.
    let configuration: RunConfiguration
    /// Samples per `run` request.
    let batch: Int
    /// Makes a local file available on the device and returns its path there.
    let stage: @Sendable (AssetFile) throws(AgentError) -> String

    /// Runs `workloads` on `inputs` through `client`; a failing workload is recorded, not thrown.
    func run(_ workloads: [Workload], inputs: CanariedInputs, client: AgentClient) -> AgentSessionOutputs {
        var session = AgentSessionOutputs()
        for (index, workload) in workloads.enumerated() {
            do throws(AgentError) {
                let library = try StagedBackend.stage(configuration.backend, with: stage)
                _ = try client.loadModel(
                    handle: "p\(index)", path: try stage(workload.model), sha256: workload.model.sha256,
                    backend: library.path,
                    accelerator: configuration.accelerator, threads: configuration.threads,
                    backendSHA256: library.sha256,
                    config: configuration.backendConfig)
                var staged: [String: FileReference] = [:]
                for (name, file) in inputs.files[workload.id] ?? [:] {
                    staged[name] = FileReference(path: try stage(file), sha256: file.sha256)
                }
                let samples = try client.loadSamples(handle: "q\(index)", model: "p\(index)", inputs: staged)
                var outputs: [Int: [String: [Double?]]] = [:]
                let begin = Self.realtimeNs()
                var start = 0
                while start < samples.count {
                    let queries = Array(start..<min(samples.count, start + batch))
                    let result = try client.run(
                        RunRequest(model: "p\(index)", samples: "q\(index)", queries: queries, outputs: .all),
                        timeout: 600)
                    for output in result.outputs ?? [] { outputs[output.sample] = output.values }
                    start += queries.count
                }
                session.windows.append(
                    InferenceWindow(workloadID: workload.id, beginNs: begin, endNs: Self.realtimeNs()))
                session.outputs[workload.id] = outputs
            } catch {
                session.failures[workload.id] = "\(error)"
            }
        }
        return session
    }

    /// CLOCK_REALTIME in nanoseconds since the epoch (the clock of kernel capture timestamps).
    static func realtimeNs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
