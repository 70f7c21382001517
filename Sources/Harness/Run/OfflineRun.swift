/// Offline: the device gets its samples all at once; the figure is samples per second over the
/// device time. One query grows until it lasts the minimum duration; a model so fast that the
/// agent's largest query ends sooner continues with more such queries back to back.
package struct OfflineRun: Sendable {
    package let rules: ModeRules.Offline
    package let seed: UInt64
    /// The most samples one query (one `run` request) may hold.
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

    /// One timed Offline query: its samples and its device-clock span.
    struct Query {
        let samples: Int
        let startNs: UInt64
        let endNs: UInt64
        let accelerator: String
        let acceleratorChanges: Int
        var durationS: Double { Double(endNs - startNs) / 1e9 }
    }

    /// Runs the scenario. A short calibration query first (not part of the result) times one
    /// sample, so every measured query gets a timeout sized from the device's own speed. The query
    /// then grows until it lasts the minimum duration; the measured run is that one query, or —
    /// when a query of `maxSamples` samples (the agent's cap) ends sooner — that query and more of
    /// the same size issued back to back until their device times add up to the minimum, within
    /// the run rules' `max_samples` for the whole run. The duration is the sum of the queries'
    /// own spans (end_ns − start_ns): the harness's gaps between requests do not count, and the
    /// busy fraction says how much of the window from the first start to the last end they took.
    package func measure(_ loaded: LoadedWorkload, client: AgentClient) throws(HarnessError) -> ScenarioResult {
        var generator = SampleIndexGenerator(seed: seed)
        let perQuery = max(1, min(maxSamples, rules.maxSamples ?? maxSamples))
        var samples = min(rules.minSamples, perQuery)
        var requests = 0
        var active = 0.0
        let calibration = min(Self.calibrationSamples, samples)
        let calibrated = try run(
            generator.indices(count: calibration, upperBound: loaded.sampleCount), loaded, client: client,
            timeout: 900)
        requests += 1
        active += calibrated.durationSeconds
        var secondsPerSample = calibrated.durationSeconds / Double(calibration)
        var measured: [Query] = []
        while measured.isEmpty {
            let query = try timed(samples, &generator, loaded, client: client, secondsPerSample: secondsPerSample)
            requests += 1
            active += query.durationS
            secondsPerSample = max(secondsPerSample, query.durationS / Double(samples))
            if query.durationS >= rules.minDurationS || samples >= perQuery {
                measured.append(query)
            } else {
                let scale = min(8.0, max(1.5, rules.minDurationS / query.durationS * 1.2))
                samples = min(perQuery, Int(Double(samples) * scale))
            }
        }
        // At the per-query cap and still short: more queries of that size, back to back.
        let bound = max(rules.maxSamples ?? samples, samples)
        var total = samples
        var device = measured[0].durationS
        while device < rules.minDurationS && total < bound {
            let next = min(perQuery, bound - total)
            let query = try timed(next, &generator, loaded, client: client, secondsPerSample: secondsPerSample)
            requests += 1
            active += query.durationS
            measured.append(query)
            total += next
            device += query.durationS
        }
        return result(measured, device: device, active: active, requests: requests, perQuery: perQuery)
    }

    /// The scenario's result from its measured queries.
    private func result(
        _ measured: [Query], device: Double, active: Double, requests: Int, perQuery: Int
    ) -> ScenarioResult {
        let total = measured.reduce(0) { $0 + $1.samples }
        let begin = measured[0].startNs
        let end = measured[measured.count - 1].endNs
        let accelerators = Set(measured.map(\.accelerator))
        let changes = measured.reduce(0) { $0 + $1.acceleratorChanges } + accelerators.count - 1
        var notes: [String] = []
        if device < rules.minDurationS {
            if let most = rules.maxSamples, measured.count > 1 || total >= most {
                notes.append(
                    String(
                        format: "%.2f s over %d queries, below the minimum %.1f s at the run rules' max_samples %d",
                        device, measured.count, rules.minDurationS, most))
            } else {
                notes.append(
                    String(
                        format: "%.2f s, below the minimum %.1f s at the %d-sample cap of one query", device,
                        rules.minDurationS, perQuery)
                        + (rules.maxSamples == nil ? " (the run rules set no offline max_samples)" : ""))
            }
        }
        if changes > 0 { notes.append("accelerator changed during the run") }
        var result = ScenarioResult(
            scenario: .offline, queries: measured.count, samples: total, durationS: device, beginNs: begin,
            endNs: end, activeDurationS: active, runRequests: requests, latency: nil, earlyStopping: nil,
            throughputSps: Double(total) / device, seed: seed, valid: notes.isEmpty, validityNotes: notes,
            accelerator: accelerators.sorted().joined(separator: ","), acceleratorChanges: changes)
        result.busyFraction = min(1, device / (Double(end - begin) / 1e9))
        return result
    }

    /// One measured Offline query of `samples` fresh indices, its timeout sized from the speed so far.
    private func timed(
        _ samples: Int, _ generator: inout SampleIndexGenerator, _ loaded: LoadedWorkload, client: AgentClient,
        secondsPerSample: Double
    ) throws(HarnessError) -> Query {
        let result = try run(
            generator.indices(count: samples, upperBound: loaded.sampleCount), loaded, client: client,
            timeout: Self.timeout(samples: samples, secondsPerSample: secondsPerSample))
        guard result.count == 1, let start = result.startNs.first, let end = result.endNs.first, end > start else {
            throw HarnessError(
                .deviceMisbehaved, "\(loaded.workload.id): an Offline query came back with \(result.count) timings")
        }
        return Query(
            samples: samples, startNs: start, endNs: end, accelerator: result.accelerator,
            acceleratorChanges: result.acceleratorChanges)
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
