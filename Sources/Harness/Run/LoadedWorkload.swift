/// A workload whose model and samples are loaded on the device, ready to run.
public struct LoadedWorkload: Sendable {
    /// The suite's workload.
    public let workload: Workload
    /// The agent's answer to loading its model (handle, digest, backend, tensors).
    public let model: LoadedModel
    /// Handle of the model on the agent.
    public let modelHandle: String
    /// Handle of the sample set on the agent.
    public let samplesHandle: String
    /// Number of samples in the set.
    public let sampleCount: Int

    /// The request for `queries` sample indices with this workload's handles.
    func request(
        queries: [Int], perQuery: Int = 1, outputs: RunRequest.Outputs = .none
    ) -> RunRequest {
        RunRequest(model: modelHandle, samples: samplesHandle, queries: queries, perQuery: perQuery, outputs: outputs)
    }
}
