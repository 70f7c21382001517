/// SingleStream and MultiStream: each query is `samplesPerQuery` samples issued back to back, the
/// next query when the previous completes, timed on the device's clock; query latency is the time
/// to the last sample. Issued in chunks until the mode's minimum queries and duration are met.
package struct StreamRun: Sendable {
    package let scenario: Scenario
    package let samplesPerQuery: Int
    package let minQueries: Int
    package let minDurationS: Double
    package let maxDurationS: Double
    package let seed: UInt64
    /// The percentile the early-stopping estimate targets (0.90 SingleStream, 0.99 MultiStream).
    package let percentile: Double
    /// A frame budget: queries over it are deadline misses (MultiStream), from the suite.
    package let frameBudgetMs: Double?
    /// Target device time per `run` request, seconds.
    package let chunkSeconds: Double
    /// Sustained-drift rules (SingleStream), and the p90 bound that lets the run stop early.
    package var sustained: ModeRules.Sustained? = nil
    package var stopWhenProvenBoundNs: UInt64? = nil

    /// SingleStream with the mode's rules.
    package static func singleStream(_ rules: ModeRules.SingleStream, seed: UInt64) -> StreamRun {
        StreamRun(
            scenario: .singleStream, samplesPerQuery: 1, minQueries: rules.minQueries, minDurationS: rules.minDurationS,
            maxDurationS: rules.maxDurationS, seed: seed, percentile: EarlyStopping.singleStream.percentile,
            frameBudgetMs: nil)
    }

    /// MultiStream with the mode's rules and the workload's frame budget.
    package static func multiStream(_ rules: ModeRules.MultiStream, seed: UInt64, frameBudgetMs: Double?) -> StreamRun {
        StreamRun(
            scenario: .multiStream, samplesPerQuery: rules.samplesPerQuery, minQueries: rules.minQueries,
            minDurationS: rules.minDurationS, maxDurationS: rules.maxDurationS, seed: seed,
            percentile: EarlyStopping.multiStream.percentile,
            frameBudgetMs: frameBudgetMs)
    }

    package init(
        scenario: Scenario, samplesPerQuery: Int, minQueries: Int, minDurationS: Double, maxDurationS: Double,
        seed: UInt64, percentile: Double, frameBudgetMs: Double?, chunkSeconds: Double = 2
    ) {
        self.scenario = scenario
        self.samplesPerQuery = samplesPerQuery
        self.minQueries = minQueries
        self.minDurationS = minDurationS
        self.maxDurationS = maxDurationS
        self.seed = seed
        self.percentile = percentile
        self.frameBudgetMs = frameBudgetMs
        self.chunkSeconds = chunkSeconds
    }

    /// Runs the scenario; `progress` is told the query count after every chunk.
    package func measure(
        _ loaded: LoadedWorkload, client: AgentClient, progress: (Int) -> Void = { _ in }
    ) throws(HarnessError) -> ScenarioResult {
        try measure(loaded, client: client, inRun: nil, progress: progress).result
    }

    /// Runs the scenario with the audits of `inRun` inside it: the outputs of sampled and novel
    /// queries, taken during the timed run itself, come back in the evidence. Commit then reveal:
    /// every chunk asks the agent for a digest of every query's outputs; only once the reply (the
    /// commitment) is here are the positions to check drawn with the secret picker and revealed, and
    /// every revealed output must hash to its digest. No position is sent before its run.
    func measure(
        _ loaded: LoadedWorkload, client: AgentClient, inRun plan: InRunPlan?, progress: (Int) -> Void = { _ in }
    ) throws(HarnessError) -> (result: ScenarioResult, evidence: InRunEvidence?) {
        var generator = SampleIndexGenerator(seed: seed)
        var picker = SampleIndexGenerator(seed: plan?.outputSeed ?? 0)
        var interleave = SampleIndexGenerator(seed: plan?.interleaveSeed ?? 0)
        var evidence = InRunEvidence()
        let baseCount = plan?.samples?.baseCount ?? loaded.sampleCount
        evidence.baseCount = baseCount
        let novelCount = plan?.samples?.novelCount ?? 0
        var novelUsed = 0
        // The first chunk at the highest rates; every later one planned from the queries still expected.
        var outputRate = SpreadRate.outputs(target: plan?.outputTarget ?? 0, maxRate: plan?.outputMaxRate ?? 0)
        var novelRate = SpreadRate(target: novelCount, maxRate: plan?.novelMaxShare ?? 0)
        let outputCap = 2 * (plan?.outputTarget ?? 0)
        let outputName = loaded.model.outputs.first?.name
        let outputNames = loaded.model.outputs.map(\.name)
        // The agent keeps a chunk's outputs for reveal up to a cap it states: chunks stay under half of it.
        var retainLimit = Int.max
        var latencies: [UInt64] = []
        var firstBegin: UInt64?
        var lastEnd: UInt64 = 0
        var active = 0.0
        var requests = 0
        var accelerators: Set<String> = []
        var changes = 0
        // A first chunk of a few queries calibrates the chunk size and the timeout, so a slow
        // device (an emulator: seconds per query) is not mistaken for a lost one.
        var chunk = min(minQueries, 4)
        var provenAt: Double?
        var perQueryEstimate = 1.0
        while true {
            var indices = generator.indices(count: chunk * samplesPerQuery, upperBound: baseCount)
            var novelInChunk: [Int] = []
            if plan != nil {
                for query in 0..<chunk where novelUsed < novelCount && Self.unit(interleave.next()) < novelRate.rate {
                    indices[query] = baseCount + novelUsed
                    novelUsed += 1
                    evidence.novelPositions.append(latencies.count + query)
                    novelInChunk.append(query)
                }
            }
            var request = loaded.request(queries: indices, perQuery: samplesPerQuery)
            if let samples = plan?.samples { request.samples = samples.handle }
            request.outputDigests = plan != nil
            let result: RunResult
            do {
                result = try client.run(request, timeout: 60 + Double(chunk) * perQueryEstimate * 10)
            } catch {
                throw HarnessError(agent: error, during: "\(scenario.rawValue) of \(loaded.workload.id)")
            }
            guard result.count == chunk, result.startNs.count == chunk, result.endNs.count == chunk else {
                throw HarnessError(
                    .deviceMisbehaved, "\(loaded.workload.id): asked for \(chunk) queries, got \(result.count)")
            }
            requests += 1
            if plan != nil, let outputName {
                guard let digests = result.outputDigests, digests.count == chunk else {
                    throw HarnessError(
                        .deviceMisbehaved,
                        "\(loaded.workload.id): the agent returned no output digest for every query; the audits need an agent that supports output_digests and reveal (Docs/agent-protocol.md)"
                    )
                }
                // The commitment is here: only now are the positions to check drawn.
                var capture = novelInChunk
                let novel = Set(novelInChunk)
                for query in 0..<chunk where !novel.contains(query) {
                    if evidence.sampled.count + capture.count - novel.count < outputCap
                        && Self.unit(picker.next()) < outputRate.rate
                    {
                        capture.append(query)
                    }
                }
                try reveal(
                    capture.sorted(), digests: digests, offset: latencies.count, client: client, loaded: loaded,
                    names: (all: outputNames, first: outputName), baseCount: baseCount, into: &evidence)
                if let kept = result.retainedBytes, let cap = result.retainMaxBytes, kept > 0 {
                    let perQuery = Double(kept) / Double(chunk)
                    retainLimit = max(1, Int(Double(cap) / 2 / perQuery))
                }
            }
            latencies.append(contentsOf: result.latenciesNs)
            firstBegin = firstBegin ?? result.runBeginNs
            lastEnd = result.runEndNs
            active += result.durationSeconds
            accelerators.insert(result.accelerator)
            changes += result.acceleratorChanges
            progress(latencies.count)
            let elapsed = Double(lastEnd &- (firstBegin ?? lastEnd)) / 1e9
            // The novel inputs the audit needs are still to come: the run goes on (to its cap).
            let novelWanted = min(novelCount, plan?.novelMinQueries ?? 0)
            let auditsServed = novelUsed >= novelWanted
            if latencies.count >= minQueries && elapsed >= minDurationS && auditsServed { break }
            if elapsed >= maxDurationS { break }
            if let bound = stopWhenProvenBoundNs, latencies.count >= minQueries, auditsServed,
                let estimate = EarlyStopping(percentile: percentile).estimate(latenciesNs: latencies).estimateNs,
                estimate <= bound
            {
                provenAt = elapsed
                break
            }
            let perQuery = max(result.durationSeconds / Double(max(1, result.count)), 1e-7)
            perQueryEstimate = perQuery
            let remainingTime = max(minDurationS - elapsed, 0)
            // Past the minimums with novel inputs still wanted: enough queries for them at the current rate.
            let novelQueries =
                auditsServed || novelRate.rate <= 0 ? 0 : Int(Double(novelWanted - novelUsed) / novelRate.rate) + 1
            let wanted = max(
                minQueries - latencies.count, Int(min(remainingTime, chunkSeconds) / perQuery),
                min(novelQueries, Int(chunkSeconds / perQuery) + 1))
            chunk = max(1, min(wanted, 200_000, Int(chunkSeconds / perQuery) + 1, retainLimit))
            // The output samples and the novel inputs: planned again from the queries still expected
            // at the speed just measured, so they spread over the rest of the run.
            let remaining = max(chunk, minQueries - latencies.count, Int(remainingTime / perQuery))
            outputRate.replan(drawn: evidence.sampled.count, remaining: remaining)
            novelRate.replan(drawn: novelUsed, remaining: remaining)
        }
        var result = summarize(
            latencies, begin: firstBegin ?? lastEnd, end: lastEnd, active: active, requests: requests,
            accelerators: accelerators, changes: changes, provenAt: provenAt)
        if let sustained, scenario == .singleStream {
            result.sustained = SustainedDrift.measure(
                latencies: latencies, durationS: result.durationS, rules: sustained)
        }
        result.proofBoundMs = stopWhenProvenBoundNs.map { Double($0) / 1e6 }
        evidence.latencies = latencies
        return (result, plan == nil ? nil : evidence)
    }

    /// Reveals `queries` of the chunk just run, checks each against its committed digest and keeps
    /// the first output of each sample for the comparisons (novel inputs apart).
    private func reveal(
        _ queries: [Int], digests: [String], offset: Int, client: AgentClient, loaded: LoadedWorkload,
        names: (all: [String], first: String), baseCount: Int, into evidence: inout InRunEvidence
    ) throws(HarnessError) {
        guard !queries.isEmpty else { return }
        let revealed: RevealedOutputs
        do {
            revealed = try client.reveal(queries: queries)
        } catch {
            throw HarnessError(agent: error, during: "revealing the outputs of \(loaded.workload.id)'s timed run")
        }
        for query in queries {
            let checked = OutputCommitment.check(
                query: query, position: offset + query, revealed: revealed.outputs, committed: digests[query],
                samplesPerQuery: samplesPerQuery, outputNames: names.all, output: names.first)
            evidence.revealed += 1
            if let mismatch = checked.mismatch { evidence.commitmentFailures.append(mismatch) }
            for (sample, values) in checked.samples {
                let kept = InRunEvidence.Output(position: offset + query, sample: sample, values: values)
                if sample >= baseCount { evidence.novel.append(kept) } else { evidence.sampled.append(kept) }
            }
        }
    }

    /// 64 random bits as a uniform number in [0, 1).
    static func unit(_ bits: UInt64) -> Double {
        Double(bits >> 11) / Double(UInt64(1) << 53)
    }

    private func summarize(
        _ latencies: [UInt64], begin: UInt64, end: UInt64, active: Double, requests: Int, accelerators: Set<String>,
        changes: Int, provenAt: Double?
    ) -> ScenarioResult {
        let duration = Double(end &- begin) / 1e9
        var notes: [String] = []
        if latencies.count < minQueries { notes.append("\(latencies.count) queries, below the minimum \(minQueries)") }
        if duration < minDurationS && provenAt == nil {
            notes.append(
                "\(String(format: "%.1f", duration)) s, below the minimum \(minDurationS) s (stopped at the \(maxDurationS) s cap)"
            )
        }
        let estimate = EarlyStopping(percentile: percentile).estimate(latenciesNs: latencies)
        if !estimate.valid { notes.append("early stopping needs \(estimate.queriesNeeded) more queries") }
        if accelerators.count > 1 { notes.append("accelerator changed during the run: \(accelerators.sorted())") }
        let valid = notes.isEmpty
        var misses: Double?
        if let budget = frameBudgetMs, !latencies.isEmpty {
            let over = latencies.filter { Double($0) / 1e6 > budget }.count
            misses = Double(over) / Double(latencies.count) * 100
        }
        var result = ScenarioResult(
            scenario: scenario, queries: latencies.count, samples: latencies.count * samplesPerQuery,
            durationS: duration,
            beginNs: begin, endNs: end, activeDurationS: active, runRequests: requests,
            latency: LatencySummary(latenciesNs: latencies), earlyStopping: estimate,
            throughputSps: duration > 0 ? Double(latencies.count * samplesPerQuery) / duration : nil, seed: seed,
            valid: valid,
            // Only what breaks a run rule: an early stop is no fault (the summary says "valid after
            // X s (early stopping proved …)"), and listed here it was printed under "INVALID:" beside
            // a real reason a later check added (repeats that did not replicate).
            validityNotes: notes, accelerator: accelerators.sorted().joined(separator: ","),
            acceleratorChanges: changes + max(0, accelerators.count - 1), frameBudgetMs: frameBudgetMs,
            deadlineMissPercent: misses, server: nil, timeToValidS: valid ? duration : nil,
            stoppedWhenProven: provenAt != nil)
        result.latencyHistogram = LatencyHistogram(latenciesNs: latencies)
        if duration > 0 {
            result.busyFraction = min(1, latencies.reduce(0.0) { $0 + Double($1) } / 1e9 / duration)
        }
        return result
    }
}

extension StreamRun: ScenarioMeasurement {
    func measure(_ loaded: LoadedWorkload, in context: ScenarioContext) throws(HarnessError) -> ScenarioOutcome {
        ScenarioOutcome(
            result: try measure(loaded, client: context.client, inRun: nil, progress: context.progress).result)
    }
}
