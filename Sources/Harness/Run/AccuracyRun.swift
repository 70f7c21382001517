import Foundation

/// Accuracy mode: every sample once, outputs returned, scored by every quality gate.
package struct AccuracyRun: Sendable {
    /// Samples per `run` request, to keep replies small.
    package let batch: Int

    package init(batch: Int = 64) {
        self.batch = batch
    }

    /// The first model output of every sample, in sample order (`nil` entries for non-finite values).
    package func outputs(_ loaded: LoadedWorkload, client: AgentClient) throws(HarnessError) -> [[Double?]] {
        guard let outputName = loaded.model.outputs.first?.name else {
            throw HarnessError(.invalidWorkload, "\(loaded.workload.id): the model has no outputs")
        }
        var outputs = [[Double?]](repeating: [], count: loaded.sampleCount)
        var start = 0
        // The first request, of one sample, measures the device (bound 130 s: mobilenet under qemu on
        // a loaded host did not answer four in 160 s); later ones last about 30 s at most, so a slow
        // (emulated) device is never mistaken for a lost one.
        var size = 1
        var perSample = 1.0
        while start < loaded.sampleCount {
            let indices = Array(start..<min(loaded.sampleCount, start + size))
            let result: RunResult
            do {
                result = try client.run(
                    loaded.request(queries: indices, outputs: .all),
                    timeout: 120 + Double(indices.count) * perSample * 10)
                perSample = max(result.durationSeconds / Double(max(1, result.count)), 1e-6)
                size = max(1, min(batch, Int(30 / perSample)))
            } catch {
                throw HarnessError(agent: error, during: "the accuracy run of \(loaded.workload.id)")
            }
            guard let returned = result.outputs, returned.count == indices.count else {
                throw HarnessError(
                    .deviceMisbehaved,
                    "\(loaded.workload.id): the agent returned \(result.outputs?.count ?? 0) outputs for \(indices.count) samples"
                )
            }
            for output in returned {
                guard output.sample >= 0, output.sample < loaded.sampleCount, let values = output.values[outputName],
                    !values.isEmpty
                else {
                    throw HarnessError(
                        .deviceMisbehaved,
                        "\(loaded.workload.id): output '\(outputName)' missing for sample \(output.sample)")
                }
                outputs[output.sample] = values
            }
            start += indices.count
        }
        return outputs
    }

    /// Runs every sample once and evaluates the workload's quality gates.
    package func measure(_ loaded: LoadedWorkload, client: AgentClient) throws(HarnessError) -> AccuracyResult {
        let outputs = try outputs(loaded, client: client)
        return try Self.score(outputs, workload: loaded.workload)
    }

    /// Scores outputs against every gate of `workload`.
    package static func score(_ outputs: [[Double?]], workload: Workload) throws(HarnessError) -> AccuracyResult {
        var gates: [AccuracyResult.Gate] = []
        for gate in workload.quality.gates {
            let reference: NpyFile
            do { reference = try NpyFile(path: gate.reference.path) } catch {
                throw HarnessError(.invalidWorkload, "\(workload.id): \(error)")
            }
            let value = try evaluate(gate.metric, outputs: outputs, reference: reference, workload: workload)
            gates.append(
                .init(metric: gate.metric.rawValue, value: value, target: gate.target, targetRatio: value / gate.target)
            )
        }
        let nonFinite = outputs.filter { $0.contains(where: { $0 == nil }) }.count
        return AccuracyResult(gates: gates, samples: outputs.count, nonFiniteSamples: nonFinite)
    }

    private static func evaluate(
        _ metric: QualityGate.Metric, outputs: [[Double?]], reference: NpyFile, workload: Workload
    ) throws(HarnessError) -> Double {
        let count = outputs.count
        guard count > 0, reference.shape.first == count else {
            throw HarnessError(
                .invalidWorkload, "\(workload.id): the reference has shape \(reference.shape) for \(count) samples")
        }
        let width = reference.values.count / count
        switch metric {
        case .top1Accuracy, .top1Agreement:
            guard width == 1 else {
                throw HarnessError(
                    .invalidWorkload, "\(workload.id): \(metric.rawValue) needs one reference index per sample")
            }
            var correct = 0
            for (index, output) in outputs.enumerated() {
                guard output.allSatisfy({ $0 != nil }) else { continue }
                let finite = output.map { $0 ?? 0 }
                let predicted = finite.indices.max { finite[$0] < finite[$1] } ?? -1
                if Double(predicted) == reference.values[index] { correct += 1 }
            }
            return Double(correct) / Double(count)
        case .tokenMatch:
            throw HarnessError(
                .invalidWorkload,
                "\(workload.id): token-match is scored by the generate run (an llm: section), not by outputs")
        case .meanCosine:
            var total = 0.0
            for (index, output) in outputs.enumerated() {
                guard output.count == width, output.allSatisfy({ $0 != nil }) else { continue }
                let expected = reference.values[(index * width)..<((index + 1) * width)]
                var dot = 0.0
                var a = 0.0
                var b = 0.0
                for (x, y) in zip(output, expected) {
                    let v = x ?? 0
                    dot += v * y
                    a += v * v
                    b += y * y
                }
                if a > 0 && b > 0 { total += dot / (a.squareRoot() * b.squareRoot()) }
            }
            return total / Double(count)
        }
    }
}
