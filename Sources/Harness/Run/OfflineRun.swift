/// Offline: all samples in one query; the figure is samples per second over the device time.
package struct OfflineRun: Sendable {
    package let rules: ModeRules.Offline
    package let seed: UInt64
    /// The most samples one query may hold while growing to the minimum duration.
    package let maxSamples: Int

    /// The most samples one `run` request may hold: the agent's limit (`per_query` at most 2^20,
    /// Docs/agent-protocol.md).
    package static let agentMaxSamples = 1 << 20

    package init(rules: ModeRules.Offline, seed: UInt64, maxSamples: Int = OfflineRun.agentMaxSamples) {
        self.rules = rules
        self.seed = seed
        self.maxSamples = maxSamples
    }

    /// Samples in the calibration query that times one sample before the measured queries.
    static let calibrationSamples = 16

    /// How long to wait for a query of `samples` samples before the device counts as lost: ten
    /// times what the calibration predicts, and never under 900 s. A fixed 900 s made a slow or
    /// loaded device (MobileNetV2 at 40 ms a sample: 24,576 samples take 983 s) look lost on every
    /// attempt, so certification ended incomplete.
    static func timeout(samples: Int, secondsPerSample: Double) -> Double {
        max(900, 60 + Double(samples) * secondsPerSample * 10)
    }

    /// Runs the scenario, growing the query until it lasts at least the minimum duration. A short
    /// calibration query first (not part of the result) times one sample, so every measured query
    /// gets a timeout sized from the device's own speed.
    package func measure(_ loaded: LoadedWorkload, client: AgentClient) throws(HarnessError) -> ScenarioResult {
        var generator = SampleIndexGenerator(seed: seed)
        var samples = rules.minSamples
        var requests = 0
        var active = 0.0
        let calibration = min(Self.calibrationSamples, samples)
        var secondsPerSample =
            try run(
                generator.indices(count: calibration, upperBound: loaded.sampleCount), loaded, client: client,
                timeout: 900
            ).durationSeconds / Double(calibration)
        while true {
            let indices = generator.indices(count: samples, upperBound: loaded.sampleCount)
            let result = try run(
                indices, loaded, client: client,
                timeout: Self.timeout(samples: samples, secondsPerSample: secondsPerSample))
            requests += 1
            active += result.durationSeconds
            guard result.count == 1, let start = result.startNs.first, let end = result.endNs.first, end > start else {
                throw HarnessError(
                    .deviceMisbehaved, "\(loaded.workload.id): an Offline query came back with \(result.count) timings")
            }
            let duration = Double(end - start) / 1e9
            if duration >= rules.minDurationS || samples >= maxSamples {
                var notes: [String] = []
                if duration < rules.minDurationS {
                    notes.append(
                        String(
                            format: "%.2f s, below the minimum %.1f s at the %d-sample cap", duration,
                            rules.minDurationS, maxSamples))
                }
                if result.acceleratorChanges > 0 { notes.append("accelerator changed during the run") }
                return ScenarioResult(
                    scenario: .offline, queries: 1, samples: samples, durationS: duration, beginNs: start, endNs: end,
                    activeDurationS: active,
                    runRequests: requests, latency: nil, earlyStopping: nil, throughputSps: Double(samples) / duration,
                    seed: seed, valid: notes.isEmpty, validityNotes: notes, accelerator: result.accelerator,
                    acceleratorChanges: result.acceleratorChanges)
            }
            secondsPerSample = max(secondsPerSample, duration / Double(samples))
            let scale = min(8.0, max(1.5, rules.minDurationS / duration * 1.2))
            samples = min(maxSamples, Int(Double(samples) * scale))
        }
    }

    /// One Offline query of `indices`, waiting at most `timeout` seconds.
    private func run(
        _ indices: [Int], _ loaded: LoadedWorkload, client: AgentClient, timeout: Double
    ) throws(HarnessError) -> RunResult {
        do {
            return try client.run(loaded.request(queries: indices, perQuery: indices.count), timeout: timeout)
        } catch {
            throw HarnessError(agent: error, during: "Offline of \(loaded.workload.id)")
        }
    }
}

extension OfflineRun: ClientScenarioRun {}
