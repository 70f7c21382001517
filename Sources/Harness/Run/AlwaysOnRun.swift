/// Drives an always-on feature (a wake word) at its declared duty cycle — one inference every
/// `periodMs`, scheduled on the device clock — for `durationS`. The figure that matters is the
/// power over this window (ENG-02), so latency is recorded but judged by nothing.
package struct AlwaysOnRun: Sendable {
    package let periodMs: Double
    package let durationS: Double
    package let seed: UInt64

    package init(periodMs: Double, durationS: Double, seed: UInt64) {
        self.periodMs = periodMs
        self.durationS = durationS
        self.seed = seed
    }

    package func measure(_ loaded: LoadedWorkload, client: AgentClient) throws(HarnessError) -> ScenarioResult {
        let count = max(1, Int((durationS * 1000 / periodMs).rounded(.down)))
        var generator = SampleIndexGenerator(seed: seed)
        var request = loaded.request(queries: generator.indices(count: count, upperBound: loaded.sampleCount))
        request.issue = .atOffsets((0..<count).map { UInt64(Double($0) * periodMs * 1e6) })
        let result: RunResult
        do {
            result = try client.run(request, timeout: 60 + durationS * 3)
        } catch {
            throw HarnessError(agent: error, during: "the always-on phase of \(loaded.workload.id)")
        }
        guard result.count == count else {
            throw HarnessError(
                .deviceMisbehaved, "\(loaded.workload.id): asked for \(count) always-on queries, got \(result.count)")
        }
        return ScenarioResult(
            scenario: .alwaysOn, queries: count, samples: count, durationS: result.durationSeconds,
            beginNs: result.runBeginNs, endNs: result.runEndNs, activeDurationS: result.durationSeconds, runRequests: 1,
            latency: LatencySummary(latenciesNs: result.latenciesNs), earlyStopping: nil, throughputSps: nil,
            seed: seed,
            valid: true,
            validityNotes: ["one inference every \(periodMs) ms for \(durationS) s (the feature's duty cycle)"],
            accelerator: result.accelerator, acceleratorChanges: result.acceleratorChanges)
    }
}

extension AlwaysOnRun: ClientScenarioRun {}
