import Foundation

/// Runs the measurement-integrity audits of one workload after its performance runs (MLPerf's
/// compliance tests, adapted). Timed comparisons interleave short blocks of the runs they compare,
/// so a change of machine load hits both sides alike and does not fail an honest device.
public struct AuditRun: Sendable {
    public let rules: AuditRules
    public let seed: UInt64
    /// Where perturbed sample files are written before staging.
    public let workDirectory: String

    public init(rules: AuditRules, seed: UInt64, workDirectory: String) {
        self.rules = rules
        self.seed = seed
        self.workDirectory = workDirectory
    }

    /// Every audit of `loaded`, given its accuracy-run outputs, the outputs sampled during the
    /// performance run, and the scenario results.
    public func audit(
        _ loaded: LoadedWorkload, accuracyOutputs: [[Double?]], sampledOutputs: [Int: [Double?]],
        scenarios: [ScenarioResult], driver: any DeviceDriver, client: AgentClient
    ) throws(HarnessError) -> [AuditResult] {
        var results = [outputsMatch(accuracyOutputs: accuracyOutputs, sampledOutputs: sampledOutputs)]
        let novelHandle = try loadNovelSamples(loaded, driver: driver, client: client)
        let typical = scenarios.compactMap { $0.latency?.meanMs }.first.map { $0 / 1e3 } ?? 0
        let blocks = try timedBlocks(loaded, novelHandle: novelHandle, typicalSeconds: typical, client: client)
        // after the timed blocks, so the breakdown covers the audit's runs too
        results.append(Self.acceleratorStable(loaded, scenarios: scenarios, breakdown: client.acceleratorBreakdown(model: loaded.modelHandle)))
        results.append(compareSpeed(.replay, fast: blocks.replay, normal: blocks.distinct, limit: rules.replayMaxSpeedup,
            noise: Self.noise(blocks.distinct, 0.5), what: "one sample replayed"))
        results.append(compareSpeed(.novelInputs, fast: blocks.distinct, normal: blocks.novel, limit: rules.novelMaxSpeedup,
            noise: Self.noise(blocks.distinct, 0.5), what: "the benchmark's own samples against perturbed novel inputs"))
        results.append(Self.alternateSeed(main: blocks.distinct, alternate: blocks.alternate, tolerance: rules.alternateSeedTolerance))
        return results
    }

    private func outputsMatch(accuracyOutputs: [[Double?]], sampledOutputs: [Int: [Double?]]) -> AuditResult {
        guard !sampledOutputs.isEmpty else {
            return AuditResult(kind: .outputsMatch, passed: false, value: nil, bound: rules.outputTolerance,
                               evidence: "no outputs were sampled during the performance run")
        }
        var worst = 0.0
        var worstSample = -1
        for (sample, values) in sampledOutputs.sorted(by: { $0.key < $1.key }) {
            guard sample < accuracyOutputs.count else { continue }
            let difference = OutputDifference.relative(values, accuracyOutputs[sample])
            if difference > worst { worst = difference; worstSample = sample }
        }
        let passed = worst <= rules.outputTolerance
        return AuditResult(
            kind: .outputsMatch, passed: passed, value: worst.isFinite ? worst : nil, bound: rules.outputTolerance,
            evidence: "\(sampledOutputs.count) outputs sampled during the performance run; largest relative difference "
                + (worst.isFinite ? String(format: "%.3g", worst) : "unbounded (shape or NaN)")
                + (worstSample >= 0 ? " at sample \(worstSample)" : ""))
    }

    /// One accelerator throughout, and — for backends reporting a breakdown — the same split between
    /// units in every run (a graph that moves nodes from the NPU to the CPU mid-run fails).
    static func acceleratorStable(_ loaded: LoadedWorkload, scenarios: [ScenarioResult], breakdown: AcceleratorBreakdown?) -> AuditResult {
        let seen = Set(scenarios.flatMap { $0.accelerator.split(separator: ",").map(String.init) } + [loaded.model.accelerator])
        let changes = scenarios.reduce(0) { $0 + $1.acceleratorChanges } + (breakdown?.changes ?? 0)
        var evidence = "accelerators reported: \(seen.sorted().joined(separator: ", ")); changes during runs: \(changes)"
        if let breakdown {
            let split = breakdown.units.map { String(format: "%@ %.1f%%", $0.unit, $0.fraction * 100) }.joined(separator: ", ")
            evidence += "; split by \(breakdown.basis): \(split) (\(breakdown.changes) change(s) of split)"
        }
        return AuditResult(
            kind: .acceleratorStable, passed: seen.count == 1 && changes == 0, value: Double(changes), bound: 0, evidence: evidence)
    }

    /// Latencies of each round's block of each kind (eight rounds, interleaved).
    private struct Blocks {
        var distinct: [[UInt64]] = []
        var replay: [[UInt64]] = []
        var novel: [[UInt64]] = []
        var alternate: [[UInt64]] = []
    }

    /// The median over rounds of `percentile(a) / percentile(b)` within the same round: a load
    /// burst moves one or two rounds, not the median.
    static func roundRatio(_ a: [[UInt64]], _ b: [[UInt64]], _ p: Double) -> Double {
        let ratios = zip(a, b).compactMap { x, y -> Double? in
            let denominator = percentile(y, p)
            return denominator > 0 ? percentile(x, p) / denominator : nil
        }
        return median(ratios)
    }

    /// The machine's own noise: the median relative change of the same run between neighbouring rounds.
    static func noise(_ blocks: [[UInt64]], _ p: Double) -> Double {
        guard blocks.count > 1 else { return 0 }
        let changes = (1..<blocks.count).compactMap { r -> Double? in
            let previous = percentile(blocks[r - 1], p)
            return previous > 0 ? abs(percentile(blocks[r], p) / previous - 1) : nil
        }
        return median(changes)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Eight rounds of four blocks (distinct, replay, novel, alternate seed). A block holds an eighth
    /// of the rules' audit queries, or an eighth of a second of queries for fast models (at most 10,000).
    private func timedBlocks(
        _ loaded: LoadedWorkload, novelHandle: String, typicalSeconds: Double, client: AgentClient
    ) throws(HarnessError) -> Blocks {
        var blocks = Blocks()
        var main = SampleIndexGenerator(seed: seed)
        var alternate = SampleIndexGenerator(seed: seed ^ 0xA17E_5EED)
        let byTime = typicalSeconds > 0 ? Int(0.125 / typicalSeconds) : 0
        let per = max(1, rules.auditQueries / 8, min(10_000, byTime))
        let replaySample = Int(main.next() % UInt64(loaded.sampleCount))
        for _ in 0..<8 {
            blocks.distinct.append(
                try run(loaded, samples: loaded.samplesHandle, indices: main.indices(count: per, upperBound: loaded.sampleCount), client))
            blocks.replay.append(
                try run(loaded, samples: loaded.samplesHandle, indices: Array(repeating: replaySample, count: per), client))
            blocks.novel.append(
                try run(loaded, samples: novelHandle, indices: main.indices(count: per, upperBound: loaded.sampleCount), client))
            blocks.alternate.append(
                try run(loaded, samples: loaded.samplesHandle, indices: alternate.indices(count: per, upperBound: loaded.sampleCount), client))
        }
        return blocks
    }

    private func run(_ loaded: LoadedWorkload, samples: String, indices: [Int], _ client: AgentClient) throws(HarnessError) -> [UInt64] {
        let request = RunRequest(model: loaded.modelHandle, samples: samples, queries: indices)
        do {
            return try client.run(request, timeout: 600).latenciesNs
        } catch {
            throw HarnessError(agent: error, during: "the audits of \(loaded.workload.id)")
        }
    }

    private func loadNovelSamples(_ loaded: LoadedWorkload, driver: any DeviceDriver, client: AgentClient) throws(HarnessError) -> String {
        var inputs: [String: FileReference] = [:]
        for (name, file) in loaded.workload.inputs.sorted(by: { $0.key < $1.key }) {
            let path = (workDirectory as NSString).appendingPathComponent("novel-\(loaded.workload.id)-\(name).npy")
            try NovelSampleWriter.write(source: file.path, destination: path, seed: seed)
            guard let digest = FileDigest.sha256(file: path) else { throw HarnessError(.output, "cannot read \(path)") }
            do {
                inputs[name] = FileReference(path: try driver.stage(AssetFile(path: path, sha256: digest)), sha256: digest)
            } catch {
                throw HarnessError(agent: error, during: "staging novel inputs of \(loaded.workload.id)")
            }
        }
        let handle = loaded.samplesHandle + "-novel"
        do {
            _ = try client.loadSamples(handle: handle, model: loaded.modelHandle, inputs: inputs)
        } catch {
            throw HarnessError(agent: error, during: "loading novel inputs of \(loaded.workload.id)")
        }
        return handle
    }

    /// Fails when `fast` beats `normal` (median over rounds of the per-round median ratio) by more
    /// than the limit plus twice the machine's own noise, so load changes do not fail an honest device.
    private func compareSpeed(
        _ kind: AuditResult.Kind, fast: [[UInt64]], normal: [[UInt64]], limit: Double, noise: Double, what: String
    ) -> AuditResult {
        let speedup = 1 - Self.roundRatio(fast, normal, 0.5)
        let bound = limit + 2 * noise
        return AuditResult(
            kind: kind, passed: speedup <= bound, value: speedup, bound: bound,
            evidence: String(format: "%@: median %.4f ms vs %.4f ms; per-round median %.1f%% faster (allowed %.0f%% + 2 x %.1f%% round-to-round noise; %d rounds of %d queries, interleaved)",
                             what, Self.median(fast.flatMap { $0 }) / 1e6, Self.median(normal.flatMap { $0 }) / 1e6, speedup * 100,
                             limit * 100, noise * 100, fast.count, fast.first?.count ?? 0))
    }

    /// The alternate seed's pooled p90 against the run's pooled p90 (every round's block together).
    /// The rounds interleave both seeds, so load hits both pools alike; a p90 of one short block is
    /// what load moves (an honest run under load showed per-round medians 50 % apart with pooled p90s
    /// 1.4 % apart). The allowance adds twice the pooled p90's own noise: the median, over every even
    /// split of the rounds into two halves, of how far the halves' pooled p90s of the run's seed differ.
    static func alternateSeed(main: [[UInt64]], alternate: [[UInt64]], tolerance: Double) -> AuditResult {
        let mainP90 = percentile(main.flatMap { $0 }, 0.9)
        let alternateP90 = percentile(alternate.flatMap { $0 }, 0.9)
        let difference = mainP90 > 0 ? abs(alternateP90 / mainP90 - 1) : .infinity
        let noise = pooledNoise(main, 0.9)
        let bound = tolerance + 2 * noise
        return AuditResult(
            kind: .alternateSeed, passed: difference <= bound, value: difference.isFinite ? difference : nil, bound: bound,
            evidence: String(format: "pooled p90 %.4f ms with the run's seed, %.4f ms with an alternate seed: %.1f%% apart (allowed %.0f%% + 2 x %.1f%% noise of the pooled p90 between halves of the %d interleaved rounds)",
                             mainP90 / 1e6, alternateP90 / 1e6, difference * 100, tolerance * 100, noise * 100, main.count))
    }

    /// The median over every split of the rounds into two equal halves (the first round always in
    /// the first half) of |percentile(half A pooled) / percentile(half B pooled) - 1|.
    static func pooledNoise(_ rounds: [[UInt64]], _ p: Double) -> Double {
        let n = rounds.count
        guard n >= 2, n <= 16 else { return 0 }
        var changes: [Double] = []
        for mask in 0..<(1 << n) where mask & 1 == 1 && mask.nonzeroBitCount == n / 2 {
            var a: [UInt64] = []
            var b: [UInt64] = []
            for r in 0..<n { if mask & (1 << r) != 0 { a += rounds[r] } else { b += rounds[r] } }
            let pb = percentile(b, p)
            if pb > 0 { changes.append(abs(percentile(a, p) / pb - 1)) }
        }
        return median(changes)
    }

    static func median(_ values: [UInt64]) -> Double { percentile(values, 0.5) }

    static func percentile(_ values: [UInt64], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return Double(sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))])
    }
}
