import Foundation

/// Runs an `llm` workload (LAT-03): loads the prefill and decode models, generates every prompt
/// once untimed-for-figures (the quality pass), then repeats prompts drawn from a seed until the
/// mode's `llm` minimums are met. The agent's `generate` op does the whole loop on the device
/// clock, so the time to first token and each decode step carry no pipe delay.
package struct GenerateRun: Sendable {
    package let rules: LLMRules
    /// Seed of the timed prompt order (recorded in the result).
    package let seed: UInt64
    package let backend: String
    package let accelerator: String
    package let threads: Int
    /// Prompts per `generate` request: keeps each reply small and progress visible.
    package let batch: Int
    /// Told the device-clock window of the timed generations (energy meters, ENG-05).
    package var observers: [any GenerationObserver] = []
    /// Told when the untimed quality pass starts and ends (the run's instruments: a ranging pass).
    package var qualityWatchers: [any RunInstrument] = []
    /// While instruments range over the quality pass, it lasts at least this long, seconds (a
    /// measured window's length: ``RunInstrument/minimumWindowSeconds``): a shorter pass is
    /// repeated and its generations discarded.
    package var rangingFloorS: Double = 0
    /// Backend-specific options (a JSON object as text) given to both model loads.
    package var backendConfig: String? = nil

    package init(
        rules: LLMRules, seed: UInt64, backend: String = "reference", accelerator: String = "cpu", threads: Int = 1,
        batch: Int = 8
    ) {
        self.rules = rules
        self.seed = seed
        self.backend = backend
        self.accelerator = accelerator
        self.threads = threads
        self.batch = max(1, batch)
    }

    /// Loads, generates and scores `workload` into `record`: accuracy (the token-match gate), the
    /// generations, and the outputs-match and accelerator-stable audits.
    package func measure(
        _ workload: Workload, index: Int, driver: any DeviceDriver, client: AgentClient,
        into record: inout WorkloadRecord,
        progress: (Int) -> Void = { _ in }
    ) throws(HarnessError) {
        guard let spec = workload.llm else {
            throw HarnessError(.invalidWorkload, "\(workload.id): an llm workload needs an llm: section")
        }
        let handles = (prefill: "m\(index)", decode: "m\(index)d")
        var prompts: [String: Any] = [:]
        do {
            let library = try StagedBackend.stage(backend, on: driver)
            let prefill = try client.loadModel(
                handle: handles.prefill, path: try driver.stage(workload.model), sha256: workload.model.sha256,
                backend: library.path, accelerator: accelerator, threads: threads, backendSHA256: library.sha256,
                config: backendConfig)
            let decode = try client.loadModel(
                handle: handles.decode, path: try driver.stage(spec.decodeModel), sha256: spec.decodeModel.sha256,
                backend: library.path, accelerator: accelerator, threads: threads, backendSHA256: library.sha256,
                config: backendConfig)
            for (name, file) in workload.inputs {
                prompts[name] = ["path": try driver.stage(file), "sha256": file.sha256]
            }
            record.backend = prefill.backend
            record.acceleratorActual = prefill.accelerator
            record.modelLoadMs = (prefill.loadMs ?? 0) + (decode.loadMs ?? 0)
        } catch {
            throw HarnessError(agent: error, during: "loading \(workload.id)")
        }
        let request: [String: Any] = [
            "op": "generate", "prefill": handles.prefill, "decode": handles.decode, "prompt_inputs": prompts,
            "new_tokens": spec.newTokens,
        ]
        let promptCount = try Self.promptCount(workload)
        var exchange = GenerateExchange(client: client, base: request, newTokens: spec.newTokens, workload: workload.id)
        // The untimed quality pass is the workload's first load: instruments range over it (a
        // PTDaemon fixes its ranges there, as for the other workloads' quality pass).
        for instrument in qualityWatchers { instrument.qualityPassWillStart(workload: workload) }
        let accuracy: [GenerateResult.Generation]
        do throws(HarnessError) {
            let started = DispatchTime.now().uptimeNanoseconds
            accuracy = try exchange.generate(Array(0..<promptCount)).generations
            while Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < rangingFloorS {
                _ = try exchange.generate(Array(0..<min(promptCount, batch)))
            }
        } catch {
            for instrument in qualityWatchers { instrument.qualityPassDidFinish(workload: workload) }
            throw error
        }
        for instrument in qualityWatchers { instrument.qualityPassDidFinish(workload: workload) }
        for observer in observers { observer.generationWillStart(workload: workload) }
        let windowBeginNs = try observers.isEmpty ? 0 : Self.deviceClock(client, workload: workload)
        var order = SampleIndexGenerator(seed: seed)
        var timed: [GenerateResult.Generation] = []
        var durationS = 0.0
        var acceleratorName = "none"
        var changes = 0
        let countBound = rules.minPrompts * 100 + 1000
        while timed.count < countBound, durationS < rules.maxDurationS,
            timed.count < rules.minPrompts || durationS < rules.minDurationS
        {
            let reply = try exchange.generate(order.indices(count: batch, upperBound: promptCount))
            timed += reply.generations
            durationS += reply.durationS
            changes +=
                reply.acceleratorChanges + (acceleratorName != "none" && acceleratorName != reply.accelerator ? 1 : 0)
            acceleratorName = reply.accelerator
            progress(timed.count)
        }
        let windowEndNs = try observers.isEmpty ? 0 : Self.deviceClock(client, workload: workload)
        var notes: [String] = []
        if timed.count < rules.minPrompts {
            notes.append("\(timed.count) timed prompts, fewer than the \(rules.minPrompts) the run rules ask for")
        }
        if durationS < rules.minDurationS {
            notes.append(
                String(
                    format: "%.1f s of timed generation, less than the %.0f s the run rules ask for", durationS,
                    rules.minDurationS))
        }
        let ttfts = timed.map(\.ttftNs)
        let result = GenerateResult(
            promptLength: exchange.promptLength, newTokens: spec.newTokens, seed: seed, accuracy: accuracy,
            timed: timed,
            durationS: durationS, valid: notes.isEmpty, validityNotes: notes,
            ttft: EarlyStopping.timeToFirstToken.estimate(latenciesNs: ttfts),
            ttftSummary: LatencySummary(latenciesNs: ttfts),
            stepSummary: LatencySummary(latenciesNs: timed.flatMap(\.stepNs)),
            accelerator: acceleratorName, acceleratorChanges: changes)
        let window = GenerationWindow(
            beginNs: windowBeginNs, endNs: windowEndNs, tokens: result.timedTokens, generations: timed.count,
            valid: result.valid, validityNotes: notes)
        for observer in observers { observer.generationDidFinish(workload: workload, window: window) }
        record.sampleCount = promptCount
        record.acceleratorActual = acceleratorName
        record.generation = result
        record.accuracy = try Self.score(result, workload: workload)
        record.audits = Self.audits(result)
    }

    /// Scores the token-match gate over every generation (quality pass and timed ones): a device that
    /// degrades after the quality pass still fails it.
    package static func score(_ result: GenerateResult, workload: Workload) throws(HarnessError) -> AccuracyResult {
        var gates: [AccuracyResult.Gate] = []
        let generations = result.accuracy + result.timed
        for gate in workload.quality.gates {
            guard gate.metric == .tokenMatch else {
                throw HarnessError(
                    .invalidWorkload,
                    "\(workload.id): an llm workload is scored by token-match, not \(gate.metric.rawValue)")
            }
            let reference: NpyFile
            do { reference = try NpyFile(path: gate.reference.path) } catch {
                throw HarnessError(.invalidWorkload, "\(workload.id): \(error)")
            }
            guard reference.shape.count == 2, reference.shape[1] >= result.newTokens else {
                throw HarnessError(
                    .invalidWorkload,
                    "\(workload.id): reference tokens have shape \(reference.shape), need [prompts, >= \(result.newTokens)]"
                )
            }
            let width = reference.shape[1]
            var matched = 0
            var total = 0
            for generation in generations {
                guard generation.prompt < reference.shape[0] else {
                    throw HarnessError(
                        .invalidWorkload, "\(workload.id): no reference tokens for prompt \(generation.prompt)")
                }
                for (position, token) in generation.tokens.enumerated() {
                    total += 1
                    if Double(token) == reference.values[generation.prompt * width + position] { matched += 1 }
                }
            }
            let value = total > 0 ? Double(matched) / Double(total) : 0
            gates.append(
                .init(metric: gate.metric.rawValue, value: value, target: gate.target, targetRatio: value / gate.target)
            )
        }
        return AccuracyResult(gates: gates, samples: generations.count, nonFiniteSamples: 0)
    }

    /// Timed generations must repeat the quality pass's tokens (MLPerf TEST01 adapted); the
    /// reported accelerator must not change.
    static func audits(_ result: GenerateResult) -> [AuditResult] {
        var baseline: [Int: [Int]] = [:]
        for generation in result.accuracy { baseline[generation.prompt] = generation.tokens }
        let differing = result.timed.filter { baseline[$0.prompt] != $0.tokens }
        let fraction = result.timed.isEmpty ? 0 : Double(differing.count) / Double(result.timed.count)
        var evidence =
            "\(differing.count) of \(result.timed.count) timed generations differ from the quality pass's tokens"
        if let first = differing.first { evidence += " (first: prompt \(first.prompt))" }
        return [
            AuditResult(kind: .outputsMatch, passed: differing.isEmpty, value: fraction, bound: 0, evidence: evidence),
            AuditResult(
                kind: .acceleratorStable, passed: result.acceleratorChanges == 0,
                value: Double(result.acceleratorChanges),
                bound: 0,
                evidence:
                    "accelerator reported: \(result.accelerator); changes during generation: \(result.acceleratorChanges)"
            ),
        ]
    }

    /// The device clock (CLOCK_MONOTONIC, ns) through the agent's `clock` op.
    static func deviceClock(_ client: AgentClient, workload: Workload) throws(HarnessError) -> UInt64 {
        do { return try client.clock() } catch {
            throw HarnessError(agent: error, during: "the generation window of \(workload.id)")
        }
    }

    /// Prompts in the prompt files (the first axis of each; all must agree).
    static func promptCount(_ workload: Workload) throws(HarnessError) -> Int {
        var counts: Set<Int> = []
        for (name, file) in workload.inputs {
            do { counts.insert(try NpyFile(path: file.path).shape.first ?? 0) } catch {
                throw HarnessError(.invalidWorkload, "\(workload.id): prompt input \(name): \(error)")
            }
        }
        guard counts.count == 1, let count = counts.first, count > 0 else {
            throw HarnessError(
                .invalidWorkload,
                "\(workload.id): the prompt files hold different or no prompt counts \(counts.sorted())")
        }
        return count
    }
}
