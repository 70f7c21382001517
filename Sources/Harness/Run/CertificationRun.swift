import Foundation
import Logging

/// Runs a suite on one device: connects, plans, measures every workload and scenario, and returns
/// the raw record. A device lost mid-run ends the record as incomplete — it is never padded.
package struct CertificationRun: Sendable {
    package let suite: Suite
    package let mode: ModeRules
    package let driver: any DeviceDriver
    /// Backend, accelerator and threads every model of the run is loaded with.
    package let configuration: RunConfiguration
    /// Backend name or shared-library path given to the agent.
    package var backend: String { configuration.backend }
    package var accelerator: String { configuration.accelerator }
    package var threads: Int { configuration.threads }
    package let logger: Logger
    /// Meters and captures that watch the run.
    package let instruments: [any RunInstrument]
    /// Backend-specific options (a JSON object as text) given to every model load, recorded per workload.
    package var backendConfig: String? { configuration.backendConfig }
    /// Bounds and sustained coverage from the standards for the suite's device class.
    package var targets = ClauseTargets()
    /// Scratch folder for files the harness makes during the run (perturbed audit inputs).
    let workDirectory: String
    /// Told the workload, step and query count as the run advances (campaign progress display).
    package let progress: @Sendable (RunProgress) -> Void
    /// The run's secret randomness: every seed is derived from it (`RunSeeds`). Fresh per run; its
    /// commitment is logged before anything runs and the report reveals the secret.
    package var seeds = RunSeeds.fresh()

    package init(
        suite: Suite, mode: ModeRules, driver: any DeviceDriver, backend: String = "reference",
        accelerator: String = "cpu", threads: Int = 1, instruments: [any RunInstrument] = [], logger: Logger,
        progress: @escaping @Sendable (RunProgress) -> Void = { _ in }
    ) {
        self.init(
            suite: suite, mode: mode, driver: driver,
            configuration: RunConfiguration(backend: backend, accelerator: accelerator, threads: threads),
            instruments: instruments, logger: logger, progress: progress)
    }

    /// A run of `suite` under `mode` on `driver`'s device with `configuration`.
    package init(
        suite: Suite, mode: ModeRules, driver: any DeviceDriver, configuration: RunConfiguration,
        instruments: [any RunInstrument] = [], logger: Logger,
        progress: @escaping @Sendable (RunProgress) -> Void = { _ in }
    ) {
        self.progress = progress
        self.instruments = instruments
        self.workDirectory = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "aitc-run-\(UUID().uuidString)")
        self.suite = suite
        self.mode = mode
        self.driver = driver
        self.configuration = configuration
        self.logger = logger
    }

    /// Executes the run. Throws only for problems found before the device is touched (bad
    /// workload files); everything after that ends up in the record.
    package func execute() throws(HarnessError) -> RunRecord {
        try AssetPreflight.check(suite)
        logger.notice("seed commitment sha256:\(seeds.commitment) (the report reveals the secret)")
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        var record = RunRecord(suite: suite, mode: mode, device: driver.spec, emulated: driver.emulated)
        record.seeds = seeds
        var client: AgentClient
        do {
            client = AgentClient(transport: try driver.connect())
        } catch {
            record.incompleteReason = "could not reach the device: \(error.message)"
            record.finishedAt = Date()
            return record
        }
        do {
            try perform(&record, client: &client)
            record.complete = true
            for instrument in instruments { instrument.sessionEnded(client: client, complete: true) }
            client.bye()
        } catch {
            record.incompleteReason = error.message
            logger.error("run incomplete: \(error.message)")
            for instrument in instruments { instrument.sessionEnded(client: nil, complete: false) }
            client.abandon()
        }
        for instrument in instruments { instrument.runFinished(complete: record.complete) }
        for instrument in instruments {
            record.instrumentMeasurements += instrument.measurements()
            record.instruments += instrument.reports()
        }
        record.finishedAt = Date()
        return record
    }

    /// `client` is replaced when the device is reached again after an outage.
    private func perform(_ record: inout RunRecord, client: inout AgentClient) throws(HarnessError) {
        let hello: AgentHello
        do {
            hello = try client.hello()
            record.agent = hello
            record.deviceInfo = try client.deviceInfo()
        } catch {
            throw HarnessError(agent: error, during: "the handshake")
        }
        guard hello.protocol == AgentClient.protocolVersion else {
            throw HarnessError(
                .deviceMisbehaved,
                "the agent speaks protocol \(hello.protocol), this harness \(AgentClient.protocolVersion)")
        }
        let probe = ClockProbe()
        var startBurst: [ClockSample]
        do {
            startBurst = try probe.burst(client)
            record.energySources = (try client.energy())?.sources.map(\.name) ?? []
        } catch {
            throw HarnessError(agent: error, during: "clock alignment")
        }
        record.clockAlignment = ClockAlignment(start: startBurst, end: nil)
        for instrument in instruments {
            try instrument.sessionStarted(client: client, device: record.deviceInfo)
        }
        var retries = 0
        for (index, workload) in suite.workloads.enumerated() {
            if index > 0 && mode.cooldownS > 0 { Thread.sleep(forTimeInterval: mode.cooldownS) }
            var attempt = 1
            while true {
                var workloadRecord = WorkloadRecord(workload: workload, acceleratorRequested: accelerator)
                workloadRecord.backendConfig = backendConfig
                do {
                    try measure(
                        workload, index: index, attempt: attempt, into: &workloadRecord, client: client,
                        device: record.deviceInfo)
                    record.workloads.append(workloadRecord)
                    break
                } catch let error where error.code == .deviceLost {
                    // The interrupted attempt's figures are dropped; only an attempt that ends on one
                    // connection is kept (the last one is kept, marked by the incomplete record, when
                    // the run ends here).
                    let noticed = Date()
                    client.abandon()
                    let resumed: AgentClient
                    switch resume(
                        after: error, workload: workload, attempt: attempt, retries: retries, record: &record,
                        noticed: noticed)
                    {
                    case .success(let fresh): resumed = fresh
                    case .failure(let ended):
                        record.workloads.append(workloadRecord)
                        throw ended
                    }
                    client = resumed
                    // The clock alignment covers one session: it starts again on the new one.
                    if let burst = try? probe.burst(resumed) {
                        startBurst = burst
                        record.clockAlignment = ClockAlignment(start: burst, end: nil)
                    }
                    retries += 1
                    attempt += 1
                    progress(RunProgress(workload: workload.id, step: "re-run after an outage", queries: 0))
                }
            }
        }
        do {
            record.clockAlignment = ClockAlignment(start: startBurst, end: try probe.burst(client))
            try client.erase()
        } catch {
            throw HarnessError(agent: error, during: "the end of the run")
        }
    }

    /// After the device was lost during `workload`: reconnects within the run rules' window, has
    /// every instrument follow the new session, and returns the new client; or the error the run
    /// ends with (no rules, no retries left, no reconnection, another device, an instrument that
    /// cannot follow), which says why it was not resumed. Records the outage either way.
    private func resume(
        after error: HarnessError, workload: Workload, attempt: Int, retries: Int, record: inout RunRecord,
        noticed: Date
    ) -> Result<AgentClient, HarnessError> {
        func end(_ why: String, after seconds: Double? = nil) -> Result<AgentClient, HarnessError> {
            note("the run ended: \(why)", after: seconds)
            return .failure(HarnessError(.deviceLost, "\(error.message); the run was not resumed: \(why)"))
        }
        func note(_ outcome: String, after seconds: Double? = nil) {
            record.outages.append(
                OutageRecord(
                    workload: workload.id, attempt: attempt, reason: error.message,
                    noticedAt: ReportBuilder.timestamp(noticed),
                    reconnectedAfterS: seconds, outcome: outcome))
        }
        guard let rules = mode.outages else { return end("mode \(mode.name) has no outages rules") }
        guard retries < rules.maxRetries else { return end("no re-run left (max_retries \(rules.maxRetries))") }
        logger.warning("device lost during \(workload.id): reconnecting for up to \(rules.reconnectWindowS) s")
        progress(RunProgress(workload: workload.id, step: "reconnecting", queries: 0))
        switch Reconnection(driver: driver, rules: rules).attempt(sameAs: record.deviceInfo) {
        case .success(let fresh):
            for instrument in instruments {
                do throws(HarnessError) {
                    try instrument.sessionResumed(client: fresh.client, rerunning: workload)
                } catch {
                    fresh.client.abandon()
                    return end(error.message, after: fresh.seconds)
                }
            }
            note("re-run from its start", after: fresh.seconds)
            return .success(fresh.client)
        case .failure(let failure):
            return end(failure.message)
        }
    }

    /// Measures one workload; a re-run after an outage (`attempt` > 1) draws fresh seeds.
    private func measure(
        _ workload: Workload, index: Int, attempt: Int, into record: inout WorkloadRecord, client: AgentClient,
        device: DeviceInfo?
    ) throws(HarnessError) {
        let seeds = self.seeds.forAttempt(attempt)
        // Every window at least as long as the slowest instrument needs (the run rules' minimum
        // sample count at its interval), so a 1 s PTDaemon still gets its samples in quick mode;
        // the ranging pass (the quality pass) lasts at least as long.
        let windowFloor = instruments.map(\.minimumWindowSeconds).max() ?? 0
        if windowFloor > 0 {
            logger.info("workload \(workload.id): energy windows of at least \(windowFloor) s for the instruments")
        }
        if workload.llm != nil {
            guard let rules = mode.llm else { throw HarnessError(.invalidInput, "mode \(mode.name) has no llm rules") }
            logger.info("workload \(workload.id): generating")
            var generate = GenerateRun(
                rules: WindowFloor.llm(rules, to: windowFloor), seed: seeds.seed(.generate, workload: index),
                backend: backend, accelerator: accelerator,
                threads: threads)
            generate.backendConfig = backendConfig
            generate.observers = instruments.compactMap { $0 as? any GenerationObserver }
            generate.qualityWatchers = instruments
            generate.rangingFloorS = windowFloor
            try generate.measure(workload, index: index, driver: driver, client: client, into: &record) { count in
                progress(RunProgress(workload: workload.id, step: "generate", queries: count))
            }
            return
        }
        logger.info("workload \(workload.id): loading")
        let loaded = try load(workload, index: index, client: client)
        record.backend = loaded.model.backend
        record.acceleratorActual = loaded.model.accelerator
        record.modelLoadMs = loaded.model.loadMs
        record.sampleCount = loaded.sampleCount
        logger.info("workload \(workload.id): quality over \(loaded.sampleCount) samples")
        progress(RunProgress(workload: workload.id, step: "quality", queries: 0))
        for instrument in instruments { instrument.qualityPassWillStart(workload: workload) }
        let accuracyOutputs: [[Double?]]
        do {
            let started = DispatchTime.now().uptimeNanoseconds
            accuracyOutputs = try AccuracyRun().outputs(loaded, client: client)
            // A ranging pass (PTDaemon) must see the workload's load for at least as long as a
            // measured window needs (MLPerf power ranges over a whole run): a quality pass shorter
            // than that is repeated, its outputs discarded.
            while Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < windowFloor {
                _ = try AccuracyRun().outputs(loaded, client: client)
            }
        } catch {
            for instrument in instruments { instrument.qualityPassDidFinish(workload: workload) }
            throw error
        }
        for instrument in instruments { instrument.qualityPassDidFinish(workload: workload) }
        let accuracy = try AccuracyRun.score(accuracyOutputs, workload: workload)
        record.accuracy = accuracy
        for gate in accuracy.gates {
            logger.info(
                "workload \(workload.id): \(gate.metric) \(String(format: "%.4f", gate.value)) (target \(gate.target))")
        }
        // The timed SingleStream carries the audits inside it: its sample set holds novel inputs.
        var novelUnavailable: String?
        var plan: InRunPlan?
        if let audits = mode.audits, workload.scenarios.contains(.singleStream) {
            let timed: Result<TimedSampleSet, InconclusiveReason>
            do {
                timed = try TimedSampleSet.load(
                    loaded, rules: audits, seeds: seeds, workloadIndex: index, workDirectory: workDirectory,
                    driver: driver, client: client)
            } catch let error where error.code == .invalidWorkload {
                // The device refused the novel inputs' file: a tcp agent opens files by path and does
                // not serve the harness's work folder. The run goes on; the audits that need novel
                // inputs are inconclusive (never a pass) and say what to do.
                timed = .failure(
                    InconclusiveReason(
                        "the device could not load the novel inputs (\(error.message)); a tcp agent must serve the harness's work folder "
                            + "at the same path: run aitc with TMPDIR set to a folder the device sees there and start the agent with --root on it"
                    ))
            }
            if case .failure(let reason) = timed { novelUnavailable = reason.sentence }
            plan = InRunPlan(
                samples: try? timed.get(), outputSeed: seeds.seed(.outputSampling, workload: index),
                interleaveSeed: seeds.seed(.interleave, workload: index), outputTarget: audits.outputSampleMax,
                outputMaxRate: audits.outputSampleFraction, novelMaxShare: audits.novelMaxShare,
                novelMinQueries: audits.novelMinQueries)
        }
        var evidence: InRunEvidence?
        for scenario in workload.scenarios {
            for instrument in instruments { instrument.scenarioWillStart(workload: workload, scenario: scenario) }
            progress(RunProgress(workload: workload.id, step: scenario.rawValue, queries: 0))
            let context = ScenarioContext(
                client: client, seeds: seeds, workloadIndex: index, mode: mode, targets: targets, logger: logger,
                inRun: plan,
                windowFloor: windowFloor
            ) { count in progress(RunProgress(workload: workload.id, step: scenario.rawValue, queries: count)) }
            let outcome = try ScenarioPlan.measurement(for: scenario, workload: workload, in: context).measure(
                loaded, in: context)
            let result = outcome.result
            evidence = evidence ?? outcome.evidence
            logger.info("workload \(workload.id): \(scenario.rawValue) \(result.summary)")
            progress(RunProgress(workload: workload.id, step: scenario.rawValue, queries: result.queries))
            for instrument in instruments { instrument.scenarioDidFinish(workload: workload, result: result) }
            record.scenarios.append(result)
            record.acceleratorActual = result.accelerator
        }
        record.acceleratorBreakdown = client.acceleratorBreakdown(model: loaded.modelHandle)
        if let audits = mode.audits, let evidence {
            logger.info("workload \(workload.id): integrity audits")
            progress(RunProgress(workload: workload.id, step: "audits", queries: 0))
            record.audits = try audit(
                loaded, rules: audits, evidence: evidence, accuracyOutputs: accuracyOutputs,
                novelUnavailable: novelUnavailable,
                scenarios: record.scenarios, device: device, index: index, client: client, into: &record)
            for audit in record.audits where !audit.passed {
                logger.warning(
                    "workload \(workload.id): audit \(audit.kind.rawValue) \(audit.verdictText): \(audit.inconclusive ?? audit.evidence)"
                )
            }
        }
    }

    /// Every integrity audit of one workload: those judged inside the timed run, the accelerator
    /// checks, and the replay and alternate-seed blocks. On an emulated device only the audits that
    /// judge outputs and accelerators run (``timingAudits`` are left out: their figures would be the
    /// emulator's timing on the harness's CPU, which says nothing about the target).
    private func audit(
        _ loaded: LoadedWorkload, rules: AuditRules, evidence: InRunEvidence, accuracyOutputs: [[Double?]],
        novelUnavailable: String?, scenarios: [ScenarioResult], device: DeviceInfo?, index: Int, client: AgentClient,
        into record: inout WorkloadRecord
    ) throws(HarnessError) -> [AuditResult] {
        let inRun = InRunAudit(rules: rules, controlSeed: seeds.seed(.interleave, workload: index, index: 1))
        let (match, sampling) = inRun.outputsMatch(evidence, accuracyOutputs: accuracyOutputs)
        record.outputSampling = sampling
        let timed = !driver.emulated
        var results = [match]
        if let novelUnavailable {
            if timed {
                results.append(
                    AuditResult(
                        kind: .novelInputs, passed: false, value: nil, bound: rules.novelMaxSpeedup,
                        evidence: "no novel inputs in the timed run", inconclusive: novelUnavailable))
            }
        } else if timed {
            results.append(inRun.novelLatency(evidence))
        }
        let classifies = loaded.workload.quality.gates.contains {
            $0.metric == .top1Accuracy || $0.metric == .top1Agreement
        }
        if classifies, let outputs = inRun.novelOutputs(evidence, accuracyOutputs: accuracyOutputs) {
            results.append(outputs)
        }
        if timed, let sustained = AuditRun.sustainedLoad(scenarios.first { $0.scenario == .singleStream }, rules: rules)
        {
            results.append(sustained)
        }
        results.append(
            AcceleratorClaim.audit(
                actual: scenarios.first?.accelerator, breakdown: client.acceleratorBreakdown(model: loaded.modelHandle),
                device: device))
        if timed {
            let typical = scenarios.compactMap { $0.latency?.meanMs }.first.map { $0 / 1e3 } ?? 0
            results += try AuditRun(
                rules: rules, seed: seeds.seed(.audits, workload: index),
                alternateSeed: seeds.seed(.alternate, workload: index)
            ).audit(loaded, typicalSeconds: typical, client: client)
        }
        // after the timed blocks, so the breakdown covers the audits' runs too
        results.append(
            AuditRun.acceleratorStable(scenarios, breakdown: client.acceleratorBreakdown(model: loaded.modelHandle)))
        return results
    }

    /// The audits that compare times, left out on an emulated device (what QUA-02's evidence names).
    package static let timingAudits: [AuditResult.Kind] = [.novelInputs, .sustainedLoad, .replay, .alternateSeed]

    private func load(_ workload: Workload, index: Int, client: AgentClient) throws(HarnessError) -> LoadedWorkload {
        let modelHandle = "m\(index)"
        let samplesHandle = "s\(index)"
        do {
            let modelPath = try driver.stage(workload.model)
            let library = try StagedBackend.stage(backend, on: driver)
            let model = try client.loadModel(
                handle: modelHandle, path: modelPath, sha256: workload.model.sha256, backend: library.path,
                accelerator: accelerator, threads: threads, backendSHA256: library.sha256, config: backendConfig)
            var inputs: [String: FileReference] = [:]
            for (name, file) in workload.inputs {
                inputs[name] = FileReference(path: try driver.stage(file), sha256: file.sha256)
            }
            let samples = try client.loadSamples(handle: samplesHandle, model: modelHandle, inputs: inputs)
            guard samples.count > 0 else {
                throw HarnessError(.invalidWorkload, "\(workload.id): the sample set is empty")
            }
            return LoadedWorkload(
                workload: workload, model: model, modelHandle: modelHandle, samplesHandle: samplesHandle,
                sampleCount: samples.count)
        } catch let error as AgentError {
            throw HarnessError(agent: error, during: "loading \(workload.id)")
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError(.deviceMisbehaved, "loading \(workload.id): \(error)")
        }
    }

}
