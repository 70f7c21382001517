/// Accuracy mode: every sample once, outputs returned, compared with the labels.
public struct AccuracyRun: Sendable {
    /// Samples per `run` request, to keep replies small.
    public let batch: Int

    public init(batch: Int = 256) {
        self.batch = batch
    }

    /// Runs every sample once and scores top-1 against `labels`.
    public func measure(_ loaded: LoadedWorkload, labels: [Double], client: AgentClient) throws(HarnessError)
        -> AccuracyResult
    {
        guard labels.count == loaded.sampleCount else {
            throw HarnessError(
                .invalidWorkload,
                "\(loaded.workload.id): \(labels.count) labels for \(loaded.sampleCount) samples (\(loaded.workload.quality.labels.path))")
        }
        guard let outputName = loaded.model.outputs.first?.name else {
            throw HarnessError(.invalidWorkload, "\(loaded.workload.id): the model has no outputs")
        }
        var correct = 0
        var start = 0
        while start < loaded.sampleCount {
            let indices = Array(start..<min(loaded.sampleCount, start + batch))
            let result: RunResult
            do {
                result = try client.run(loaded.request(queries: indices, outputs: .all), timeout: 600)
            } catch {
                throw HarnessError(agent: error, during: "the accuracy run of \(loaded.workload.id)")
            }
            guard let outputs = result.outputs, outputs.count == indices.count else {
                throw HarnessError(.deviceMisbehaved, "\(loaded.workload.id): the agent returned \(result.outputs?.count ?? 0) outputs for \(indices.count) samples")
            }
            for output in outputs {
                guard let values = output.values[outputName], !values.isEmpty,
                    output.sample >= 0, output.sample < labels.count
                else {
                    throw HarnessError(.deviceMisbehaved, "\(loaded.workload.id): output '\(outputName)' missing for sample \(output.sample)")
                }
                // A NaN or infinite output never counts as a correct prediction.
                guard values.allSatisfy({ $0 != nil }) else { continue }
                let finite = values.map { $0 ?? 0 }
                let predicted = finite.indices.max { finite[$0] < finite[$1] } ?? 0
                if Double(predicted) == labels[output.sample] { correct += 1 }
            }
            start += indices.count
        }
        let value = Double(correct) / Double(loaded.sampleCount)
        let target = loaded.workload.quality.target
        return AccuracyResult(
            metric: loaded.workload.quality.metric.rawValue, value: value, target: target,
            targetRatio: value / target, samples: loaded.sampleCount, correct: correct)
    }
}
