/// SingleStream: one sample per query, the next issued when the previous completes, on the
/// device's clock. Issued in chunks until the mode's minimum queries and duration are met.
public struct SingleStreamRun: Sendable {
    public let rules: ModeRules.SingleStream
    public let seed: UInt64
    /// The percentile the early-stopping estimate targets.
    public let percentile: Double
    /// Target device time per `run` request, seconds.
    public let chunkSeconds: Double

    public init(rules: ModeRules.SingleStream, seed: UInt64, percentile: Double = 0.90, chunkSeconds: Double = 2) {
        self.rules = rules
        self.seed = seed
        self.percentile = percentile
        self.chunkSeconds = chunkSeconds
    }

    /// Runs the scenario; `progress` is told the query count after every chunk.
    public func measure(
        _ loaded: LoadedWorkload, client: AgentClient, progress: (Int) -> Void = { _ in }
    ) throws(HarnessError) -> ScenarioResult {
        var generator = SampleIndexGenerator(seed: seed)
        var latencies: [UInt64] = []
        var firstBegin: UInt64?
        var lastEnd: UInt64 = 0
        var active = 0.0
        var requests = 0
        var accelerators: Set<String> = []
        var changes = 0
        var chunk = min(rules.minQueries, 128)
        while true {
            let indices = generator.indices(count: chunk, upperBound: loaded.sampleCount)
            let result: RunResult
            do {
                result = try client.run(loaded.request(queries: indices), timeout: 60 + chunkSeconds * 20)
            } catch {
                throw HarnessError(agent: error, during: "SingleStream of \(loaded.workload.id)")
            }
            guard result.count == indices.count, result.startNs.count == result.count, result.endNs.count == result.count
            else {
                throw HarnessError(.deviceMisbehaved, "\(loaded.workload.id): asked for \(indices.count) queries, got \(result.count)")
            }
            requests += 1
            latencies.append(contentsOf: result.latenciesNs)
            firstBegin = firstBegin ?? result.runBeginNs
            lastEnd = result.runEndNs
            active += result.durationSeconds
            accelerators.insert(result.accelerator)
            changes += result.acceleratorChanges
            progress(latencies.count)
            let elapsed = Double(lastEnd &- (firstBegin ?? lastEnd)) / 1e9
            if latencies.count >= rules.minQueries && elapsed >= rules.minDurationS { break }
            if elapsed >= rules.maxDurationS { break }
            let perQuery = max(result.durationSeconds / Double(max(1, result.count)), 1e-7)
            let remainingTime = max(rules.minDurationS - elapsed, 0)
            let wanted = max(rules.minQueries - latencies.count, Int(min(remainingTime, chunkSeconds) / perQuery))
            chunk = max(1, min(wanted, 200_000, Int(chunkSeconds / perQuery) + 1))
        }
        let duration = Double(lastEnd &- (firstBegin ?? lastEnd)) / 1e9
        var notes: [String] = []
        if latencies.count < rules.minQueries { notes.append("\(latencies.count) queries, below the minimum \(rules.minQueries)") }
        if duration < rules.minDurationS {
            notes.append(String(format: "%.1f s, below the minimum %.0f s (stopped at the %.0f s cap)", duration, rules.minDurationS, rules.maxDurationS))
        }
        let estimate = EarlyStopping(percentile: percentile).estimate(latenciesNs: latencies)
        if !estimate.valid { notes.append("early stopping needs \(estimate.queriesNeeded) more queries") }
        if accelerators.count > 1 { notes.append("accelerator changed during the run: \(accelerators.sorted())") }
        return ScenarioResult(
            scenario: .singleStream, queries: latencies.count, samples: latencies.count, durationS: duration,
            beginNs: firstBegin ?? lastEnd, endNs: lastEnd, activeDurationS: active, runRequests: requests, latency: LatencySummary(latenciesNs: latencies),
            earlyStopping: estimate, throughputSps: duration > 0 ? Double(latencies.count) / duration : nil, seed: seed,
            valid: notes.isEmpty, validityNotes: notes, accelerator: accelerators.sorted().joined(separator: ","),
            acceleratorChanges: changes + max(0, accelerators.count - 1))
    }
}
