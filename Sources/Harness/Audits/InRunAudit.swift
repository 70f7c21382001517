/// The audits judged from inside the timed SingleStream (MLPerf TEST01 and TEST04 as they are
/// meant): sampled outputs against the accuracy pass, and novel inputs against the measured
/// queries around them — latency and outputs.
struct InRunAudit: Sendable {
    let rules: AuditRules
    /// Seed of the control positions the novel-input comparison is calibrated with.
    let controlSeed: UInt64

    /// Neighbours on each side a query's latency is compared with.
    static let neighbours = 4

    /// TEST01: every output sampled during the timed run equals the accuracy pass's output of the
    /// same sample, within the tolerance.
    func outputsMatch(_ evidence: InRunEvidence, accuracyOutputs: [[Double?]]) -> (AuditResult, OutputSampling) {
        let sampling = OutputSampling(
            sampled: evidence.sampled.count, queries: evidence.latencies.count,
            positions: evidence.sampled.map(\.position),
            fractions: rules.missProbabilityAt)
        if let first = evidence.commitmentFailures.first {
            let count = evidence.commitmentFailures.count
            return (
                AuditResult(
                    kind: .outputsMatch, passed: false, value: nil, bound: rules.outputTolerance,
                    evidence:
                        "\(count) of \(evidence.revealed) revealed queries do not match the output digests the run committed to before their positions were drawn; first: \(first)"
                ), sampling
            )
        }
        guard !evidence.sampled.isEmpty else {
            return (
                AuditResult(
                    kind: .outputsMatch, passed: false, value: nil, bound: rules.outputTolerance,
                    evidence: "no outputs were sampled during the timed run",
                    inconclusive:
                        "the timed run (\(evidence.latencies.count) queries) was too short for any sampled output"),
                sampling
            )
        }
        var worst = 0.0
        var worstAt = -1
        for output in evidence.sampled where output.sample < accuracyOutputs.count {
            let difference = OutputDifference.relative(output.values, accuracyOutputs[output.sample])
            if difference > worst {
                worst = difference
                worstAt = output.position
            }
        }
        let misses = sampling.misses.map { String(format: "%.3g at f = %g", $0.missProbability, $0.degradedFraction) }
        let evidence =
            "\(sampling.sampled) outputs sampled at secret random positions \(sampling.firstPosition ?? 0)...\(sampling.lastPosition ?? 0) "
            + "(drawn after each chunk's output digests were committed; \(evidence.revealed) revealed outputs match their digests) "
            + "of the \(sampling.queries) timed queries; largest relative difference from the accuracy pass "
            + (worst.isFinite ? String(format: "%.3g", worst) : "unbounded (shape or NaN)")
            + (worstAt >= 0 ? " at query \(worstAt)" : "")
            + "; chance of missing a backend wrong on a random fraction f of queries: " + misses.joined(separator: ", ")
        return (
            AuditResult(
                kind: .outputsMatch, passed: worst <= rules.outputTolerance, value: worst.isFinite ? worst : nil,
                bound: rules.outputTolerance, evidence: evidence), sampling
        )
    }

    /// TEST04 inside the run: each novel query's latency over the median of the measured queries
    /// next to it. A backend that caches, memorises or special-cases the sample set answers the
    /// measured queries faster than inputs it has never seen.
    ///
    /// The verdict is the median over the run's *queries*, not over the novel inputs: each novel
    /// input stands for the queries nearer to it than to any other. A cache that answers in a
    /// hundredth of the time makes far more queries per second, so a backend caching only in the
    /// last tenth of the run answers nine queries in ten from the cache (and the p90 is the
    /// cache's) while only a tenth of the novel inputs fall there: a plain median of the novel
    /// inputs' ratios did not see it (`VendorCheatTests`, `late-cache`).
    func novelLatency(_ evidence: InRunEvidence) -> AuditResult {
        let novel = Set(evidence.novelPositions)
        let latencies = evidence.latencies
        guard evidence.novelPositions.count >= rules.novelMinQueries else {
            return AuditResult(
                kind: .novelInputs, passed: false, value: nil, bound: rules.novelMaxSpeedup,
                evidence: "\(evidence.novelPositions.count) novel inputs in the timed run",
                inconclusive:
                    "only \(evidence.novelPositions.count) novel inputs fell into the timed run; the audit needs \(rules.novelMinQueries)"
            )
        }
        var weighted: [(ratio: Double, queries: Int)] = []
        let positions = evidence.novelPositions.sorted()
        for (index, position) in positions.enumerated() {
            guard let ratio = Self.ratio(at: position, latencies, skipping: novel) else { continue }
            weighted.append((ratio, Self.queriesNearest(index, of: positions, in: latencies.count)))
        }
        let ratios = weighted.map(\.ratio)
        var controls = SampleIndexGenerator(seed: controlSeed)
        let ordinary = latencies.indices.filter { !novel.contains($0) }
        // The same statistic at as many ordinary positions: the method's noise, weights included.
        let controlPositions =
            ordinary.isEmpty
            ? [] : (0..<ratios.count).map { _ in ordinary[Int(controls.next() % UInt64(ordinary.count))] }.sorted()
        var controlWeighted: [(ratio: Double, queries: Int)] = []
        for (index, position) in controlPositions.enumerated() {
            guard let ratio = Self.ratio(at: position, latencies, skipping: novel) else { continue }
            controlWeighted.append((ratio, Self.queriesNearest(index, of: controlPositions, in: latencies.count)))
        }
        let controlRatios = controlWeighted.map(\.ratio)
        let novelRatio = Self.weightedMedian(weighted)
        let noise = abs(Self.weightedMedian(controlWeighted) - 1)
        // How much faster the measured queries were than the novel ones around them.
        let speedup = novelRatio > 0 ? 1 - 1 / novelRatio : 0
        let bound = rules.novelMaxSpeedup + 2 * noise
        let text = String(
            format:
                "%d novel inputs (never in the accuracy pass, each used once) at secret random positions of %d timed queries: median over the queries (each novel input standing for those nearest to it) %.2fx the latency of the %d measured queries either side, i.e. the measured queries %.1f%% faster (allowed %.0f%% + 2 x %.1f%% method noise on %d control positions)",
            ratios.count, latencies.count, novelRatio, Self.neighbours, speedup * 100, rules.novelMaxSpeedup * 100,
            noise * 100,
            controlRatios.count)
        if noise > rules.noiseCap {
            return AuditResult(
                kind: .novelInputs, passed: false, value: speedup, bound: bound, evidence: text,
                inconclusive: String(
                    format:
                        "the device's noise (%.1f%%) exceeds the run rules' cap of %.1f%%: no pass is given on a wider allowance",
                    noise * 100, rules.noiseCap * 100))
        }
        return AuditResult(kind: .novelInputs, passed: speedup <= bound, value: speedup, bound: bound, evidence: text)
    }

    /// The novel queries' outputs agree (top-1) with the accuracy pass's outputs of the samples they
    /// perturb: a backend that does not compute novel inputs answers them with someone else's output.
    func novelOutputs(_ evidence: InRunEvidence, accuracyOutputs: [[Double?]]) -> AuditResult? {
        guard !evidence.novel.isEmpty, evidence.baseCount > 0 else { return nil }
        var agree = 0
        for output in evidence.novel {
            let source = (output.sample - evidence.baseCount) % evidence.baseCount
            if source < accuracyOutputs.count, let top = Self.argmax(output.values),
                top == Self.argmax(accuracyOutputs[source])
            {
                agree += 1
            }
        }
        let share = Double(agree) / Double(evidence.novel.count)
        guard evidence.novel.count >= rules.novelMinQueries else {
            return AuditResult(
                kind: .novelOutputs, passed: false, value: share, bound: rules.novelAgreementMin,
                evidence:
                    "\(agree) of \(evidence.novel.count) novel inputs answered with the top-1 class of the sample they perturb",
                inconclusive:
                    "only \(evidence.novel.count) novel inputs fell into the timed run; the audit needs \(rules.novelMinQueries)"
            )
        }
        return AuditResult(
            kind: .novelOutputs, passed: share >= rules.novelAgreementMin, value: share, bound: rules.novelAgreementMin,
            evidence: String(
                format:
                    "%d of %d novel inputs answered with the top-1 class of the sample they perturb (%.1f%%; at least %.0f%% required)",
                agree, evidence.novel.count, share * 100, rules.novelAgreementMin * 100))
    }

    /// The queries nearer to the novel input `index` of `positions` (ascending) than to any other:
    /// from half-way to the one before (or the run's first query) to half-way to the one after (or
    /// the run's last query).
    static func queriesNearest(_ index: Int, of positions: [Int], in queries: Int) -> Int {
        let start = index == 0 ? 0 : (positions[index - 1] + positions[index] + 1) / 2
        let end = index == positions.count - 1 ? queries : (positions[index] + positions[index + 1] + 1) / 2
        return max(1, end - start)
    }

    /// The median of `values` weighted by their query counts (the lower weighted median, averaged
    /// with the next value when the weight splits exactly in half, like the plain median).
    static func weightedMedian(_ values: [(ratio: Double, queries: Int)]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted { $0.ratio < $1.ratio }
        let total = sorted.reduce(0) { $0 + $1.queries }
        var below = 0
        for (index, value) in sorted.enumerated() {
            below += value.queries
            if 2 * below > total { return value.ratio }
            if 2 * below == total { return (value.ratio + sorted[index + 1].ratio) / 2 }
        }
        return sorted[sorted.count - 1].ratio
    }

    /// Latency at `position` over the median of up to `neighbours` ordinary queries either side.
    static func ratio(at position: Int, _ latencies: [UInt64], skipping novel: Set<Int>) -> Double? {
        var around: [UInt64] = []
        var left = position - 1
        var taken = 0
        while left >= 0 && taken < neighbours {
            if !novel.contains(left) {
                around.append(latencies[left])
                taken += 1
            }
            left -= 1
        }
        var right = position + 1
        taken = 0
        while right < latencies.count && taken < neighbours {
            if !novel.contains(right) {
                around.append(latencies[right])
                taken += 1
            }
            right += 1
        }
        let middle = AuditRun.median(around)
        return middle > 0 ? Double(latencies[position]) / middle : nil
    }

    static func argmax(_ values: [Double?]) -> Int? {
        guard values.count > 1, values.allSatisfy({ $0 != nil }) else { return nil }
        let finite = values.map { $0 ?? 0 }
        return finite.indices.max { finite[$0] < finite[$1] }
    }
}
