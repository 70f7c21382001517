import Attestation
import Harness

/// Step 8, percentiles: every early-stopping estimate in the report is recomputed from the
/// per-query evidence the report carries — the `latency_histogram` of each SingleStream and
/// MultiStream result and of each rate the Server search tried (to the histogram's stated
/// precision), and the timed generations' exact times to first token of an LLM workload — and
/// every latency figure the scorer was given must be that estimate (for Server: the highest
/// rate whose re-derived p99 met the bound). A report whose stated p90/p99 does not follow from its own evidence, or
/// whose scorer input names a latency figure without evidence, is rejected.
public struct PercentileRederivation: Sendable {
    /// A scorer figure that is an early-stopping estimate: where its evidence is and its unit.
    private struct Figure {
        let metric: String
        /// Nanoseconds per unit of the figure (1e6 for ms, 1e9 for s).
        let nanosecondsPerUnit: Double
    }

    /// What the evidence gives for one (workload, metric): the estimate in ns, nil when the run
    /// was too short for one.
    private struct Derived {
        let estimateNs: UInt64?
    }

    private static let singleStream = Figure(metric: "single_stream.p90_latency", nanosecondsPerUnit: 1e6)
    private static let multiStream = Figure(metric: "multi_stream.p99_latency", nanosecondsPerUnit: 1e6)
    private static let timeToFirstToken = Figure(metric: "llm.ttft_p90", nanosecondsPerUnit: 1e9)
    private static let serverRate = "server.max_qps"

    /// Creates the check.
    public init() {}

    /// Checks `predicate`; returns how many estimates were re-derived.
    /// - Throws: ``DeskError`` naming the workload, the scenario and the disagreement.
    public func check(_ predicate: JSONValue) throws(DeskError) -> Int {
        var derived: [String: Derived] = [:]
        var rates: [String: JSONValue] = [:]
        var estimates = 0
        for workload in predicate["workloads"]?.arrayValue ?? [] {
            let id = workload["id"]?.stringValue ?? "?"
            for scenario in workload["scenarios"]?.arrayValue ?? [] {
                if let search = scenario["server"], search != .null {
                    let (rate, steps) = try Self.serverSearch(search, at: "\(id) server")
                    guard rates.updateValue(rate, forKey: id) == nil else {
                        throw DeskError("\(id): the report gives two Server searches")
                    }
                    estimates += steps
                }
                guard let stated = scenario["early_stopping"], stated != .null else { continue }
                let name = scenario["scenario"]?.stringValue ?? "?"
                let rule: EarlyStopping
                let figure: Figure
                switch name {
                case "single-stream":
                    rule = .singleStream
                    figure = Self.singleStream
                case "multi-stream":
                    rule = .multiStream
                    figure = Self.multiStream
                default:
                    throw DeskError(
                        "\(id) \(name): the report gives an early-stopping estimate, which only single-stream and multi-stream runs have"
                    )
                }
                let place = "\(id) \(name)"
                guard let queries = scenario["queries"]?.integerValue else {
                    throw DeskError("\(place): the scenario states no query count")
                }
                let histogram = try Self.histogram(scenario["latency_histogram"], queries: queries, at: place)
                guard histogram.count == Int(queries) else {
                    throw DeskError(
                        "\(place): the latency histogram counts \(histogram.count) latencies, the scenario \(queries) queries"
                    )
                }
                let estimate = try Self.estimate(stated, rule: rule, queries: histogram.count, at: place) {
                    t throws(DeskError) in
                    guard let bucket = histogram.bucket(rankFromTop: t) else {
                        throw DeskError("\(place): the histogram has no latency of rank \(t)")
                    }
                    return bucket
                }
                try Self.record(Derived(estimateNs: estimate), for: id, figure.metric, into: &derived)
            }
            if let generation = workload["generation"], generation != .null {
                let place = "\(id) generation"
                guard let timed = generation["timed"]?.arrayValue, let stated = generation["ttft"] else {
                    throw DeskError(
                        "\(place): the report gives no timed generations or no time-to-first-token estimate")
                }
                var latencies: [UInt64] = []
                for entry in timed {
                    guard let ns = entry["ttft_ns"]?.integerValue, ns >= 0 else {
                        throw DeskError("\(place): a timed generation has no time to first token in ns")
                    }
                    latencies.append(UInt64(ns))
                }
                let sorted = latencies.sorted(by: >)
                let estimate = try Self.estimate(stated, rule: .timeToFirstToken, queries: latencies.count, at: place) {
                    t in
                    (sorted[t - 1], sorted[t - 1] + 1)
                }
                try Self.record(Derived(estimateNs: estimate), for: id, Self.timeToFirstToken.metric, into: &derived)
            }
        }
        try checkScorerInput(predicate, against: derived)
        try checkServerRates(predicate, against: rates)
        return derived.count + estimates
    }

    /// Each tested rate's p99 re-derived from its histogram, whether it met the bound, and the
    /// highest rate that did; returns that rate (JSON null when none) and how many p99s were checked.
    private static func serverSearch(_ search: JSONValue, at place: String) throws(DeskError) -> (JSONValue, Int) {
        guard let bound = search["latency_bound_ms"]?.doubleValue, let steps = search["steps"]?.arrayValue else {
            throw DeskError("\(place): the Server search states no latency bound or no tested rates")
        }
        var best: Double?
        for (index, step) in steps.enumerated() {
            let at = "\(place) rate \(index + 1)"
            guard let queries = step["queries"]?.integerValue, let rate = step["target_qps"]?.doubleValue else {
                throw DeskError("\(at): the tested rate states no target rate or query count")
            }
            let histogram = try Self.histogram(step["latency_histogram"], queries: queries, at: at)
            guard histogram.count == Int(queries) else {
                throw DeskError(
                    "\(at): the latency histogram counts \(histogram.count) latencies, the rate \(queries) queries")
            }
            let rule = EarlyStopping.server
            let p99 = step["p99_ms"] ?? .null
            // The rate's t is not stated: the one the query count allows is searched for.
            let t = rule.overBound(queries: histogram.count)
            guard step["valid"]?.boolValue == (t > 0) else {
                throw DeskError(
                    "\(at): \(queries) queries \(t > 0 ? "allow" : "allow no") p99 estimate; the report says valid \(step["valid"]?.canonicalString() ?? "?")"
                )
            }
            var value: Double?
            if t > 0 {
                guard let ms = p99.doubleValue, let bucket = histogram.bucket(rankFromTop: t) else {
                    throw DeskError("\(at): \(queries) queries allow a p99 estimate, the report gives none")
                }
                let ns = (ms * 1e6).rounded()
                guard ns >= Double(bucket.lower), ns < Double(bucket.upper), Double(UInt64(ns)) / 1e6 == ms else {
                    throw DeskError(
                        "\(at): the p99 estimate is the \(t)-th largest of \(queries) latencies, which lies in [\(bucket.lower), "
                            + "\(bucket.upper)) ns by the report's own evidence; the report says \(ms) ms")
                }
                value = ms
            } else if p99 != .null {
                throw DeskError(
                    "\(at): \(queries) queries allow no p99 estimate, the report gives \(p99.canonicalString()) ms")
            }
            let meets = value.map { $0 <= bound } ?? false
            guard step["meets_bound"]?.boolValue == meets else {
                throw DeskError(
                    "\(at): a p99 of \(value.map { "\($0) ms" } ?? "none") \(meets ? "meets" : "does not meet") the \(bound) ms bound; the report says otherwise"
                )
            }
            if meets { best = max(best ?? rate, rate) }
        }
        let stated = search["max_qps"] ?? .null
        guard stated.doubleValue == best else {
            throw DeskError(
                "\(place): the highest tested rate whose p99 met the bound is \(best.map { "\($0)" } ?? "none"); the report says "
                    + stated.canonicalString())
        }
        return (best.map(JSONValue.number) ?? .null, steps.count)
    }

    /// The scorer's `server.max_qps` of each workload must be its re-derived Server search's.
    private func checkServerRates(_ predicate: JSONValue, against rates: [String: JSONValue]) throws(DeskError) {
        for measurement in predicate["scoring_input"]?["measurements"]?.arrayValue ?? []
        where measurement["metric"]?.stringValue == Self.serverRate {
            let value = measurement["value"] ?? .null
            guard value != .null else { continue }
            let workload = measurement["workload_id"]?.stringValue ?? "?"
            guard let rate = rates[workload], rate.doubleValue == value.doubleValue else {
                throw DeskError(
                    "the scorer was given \(Self.serverRate) = \(value.canonicalString()) for \(workload), but the Server search "
                        + "re-derived from the report's evidence gives \((rates[workload] ?? .null).canonicalString())")
            }
        }
    }

    /// Every latency figure the scorer was given must be the re-derived estimate of its workload.
    private func checkScorerInput(_ predicate: JSONValue, against derived: [String: Derived]) throws(DeskError) {
        let figures = [Self.singleStream, Self.multiStream, Self.timeToFirstToken]
        for measurement in predicate["scoring_input"]?["measurements"]?.arrayValue ?? [] {
            guard let metric = measurement["metric"]?.stringValue,
                let figure = figures.first(where: { $0.metric == metric })
            else { continue }
            let value = measurement["value"] ?? .null
            let valid = measurement["valid"]?.boolValue ?? false
            guard value != .null || valid else { continue }
            let workload = measurement["workload_id"]?.stringValue ?? "?"
            guard let evidence = derived[Self.key(workload, metric)] else {
                throw DeskError(
                    "the scorer was given \(metric) = \(value.canonicalString()) for \(workload), but the report carries no "
                        + "early-stopping estimate with its per-query evidence for that workload")
            }
            guard let estimate = evidence.estimateNs else {
                throw DeskError(
                    "the scorer was given \(metric) = \(value.canonicalString()) for \(workload), but its run was too short for "
                        + "an early-stopping estimate")
            }
            let expected = Double(estimate) / figure.nanosecondsPerUnit
            guard let stated = value.doubleValue, stated == expected else {
                throw DeskError(
                    "the scorer was given \(metric) = \(value.canonicalString()) for \(workload), but the early-stopping "
                        + "estimate re-derived from the report's evidence is \(estimate) ns = \(expected)")
            }
        }
    }

    private static func key(_ workload: String, _ metric: String) -> String { "\(workload)|\(metric)" }

    private static func record(
        _ value: Derived, for workload: String, _ metric: String, into derived: inout [String: Derived]
    ) throws(DeskError) {
        guard derived.updateValue(value, forKey: key(workload, metric)) == nil else {
            throw DeskError("\(workload): the report gives two early-stopping estimates for \(metric)")
        }
    }

    /// Checks a stated `EarlyStoppingResult` against the rule and the evidence; returns the
    /// estimate (nil when `queries` allow none). `bucket(t)` is where the t-th largest latency lies.
    private static func estimate(
        _ stated: JSONValue, rule: EarlyStopping, queries: Int, at place: String,
        bucket: (Int) throws(DeskError) -> (lower: UInt64, upper: UInt64)
    ) throws(DeskError) -> UInt64? {
        let percentile = stated["percentile"]?.doubleValue
        let confidence = stated["confidence"]?.doubleValue
        guard percentile == rule.percentile, confidence == rule.confidence else {
            throw DeskError(
                "\(place): the estimate is stated as percentile \(percentile.map { "\($0)" } ?? "?") at confidence "
                    + "\(confidence.map { "\($0)" } ?? "?"); this figure is percentile \(rule.percentile) at confidence \(rule.confidence)"
            )
        }
        guard stated["queries"]?.integerValue == Int64(queries) else {
            throw DeskError(
                "\(place): the estimate says \(stated["queries"]?.canonicalString() ?? "no") queries, the evidence has \(queries)"
            )
        }
        // The stated t is checked with two evaluations; the search runs only to word a refusal.
        let claimed = stated["over_bound"]?.integerValue.map(Int.init) ?? -1
        let t = rule.supports(overBound: claimed, queries: queries) ? claimed : rule.overBound(queries: queries)
        let needed = t == 0 ? rule.minimumQueries(overBound: 1) - queries : 0
        guard stated["over_bound"]?.integerValue == Int64(t), stated["valid"]?.boolValue == (t > 0),
            stated["queries_needed"]?.integerValue == Int64(needed)
        else {
            throw DeskError(
                "\(place): \(queries) queries allow t = \(t) over the estimate (valid \(t > 0), \(needed) more needed); the report "
                    + "says t = \(stated["over_bound"]?.canonicalString() ?? "?"), valid \(stated["valid"]?.canonicalString() ?? "?"), "
                    + "\(stated["queries_needed"]?.canonicalString() ?? "?") more needed")
        }
        let value = stated["estimate_ns"] ?? .null
        guard t > 0 else {
            guard value == .null else {
                throw DeskError(
                    "\(place): \(queries) queries allow no estimate, the report gives \(value.canonicalString()) ns")
            }
            return nil
        }
        let (lower, upper) = try bucket(t)
        guard let ns = value.integerValue, ns >= 0, UInt64(ns) >= lower, UInt64(ns) < upper else {
            let range = upper == lower + 1 ? "is \(lower) ns" : "lies in [\(lower), \(upper)) ns"
            throw DeskError(
                "\(place): the p\(rule.percentile * 100) estimate is the \(t)-th largest of \(queries) latencies, which \(range) "
                    + "by the report's own evidence; the report says \(value.canonicalString()) ns")
        }
        return UInt64(ns)
    }

    /// Reads a `latency_histogram` and checks that it follows its scheme.
    /// A run without queries has no histogram (there is nothing to bucket).
    private static func histogram(
        _ json: JSONValue?, queries: Int64, at place: String
    ) throws(DeskError) -> LatencyHistogram {
        let bits = LatencyHistogram.reportSignificantBits
        if queries == 0, json == nil || json == .null {
            return LatencyHistogram(significantBits: bits, count: 0, minNs: 0, maxNs: 0, buckets: [])
        }
        guard let json, json != .null else {
            throw DeskError(
                "\(place): the report has an early-stopping estimate but no latency_histogram to re-derive it from")
        }
        guard json["scheme"]?.stringValue == LatencyHistogram.schemeName,
            json["significant_bits"]?.integerValue == Int64(bits)
        else {
            throw DeskError(
                "\(place): the latency histogram is \(json["scheme"]?.canonicalString() ?? "?") with "
                    + "\(json["significant_bits"]?.canonicalString() ?? "?") significant bits; reports use \(LatencyHistogram.schemeName) with \(bits)"
            )
        }
        guard let count = json["count"]?.integerValue, let low = json["min_ns"]?.integerValue,
            let high = json["max_ns"]?.integerValue,
            let rows = json["buckets"]?.arrayValue, count >= 0, low >= 0, high >= low
        else {
            throw DeskError(
                "\(place): the latency histogram lacks count, min_ns, max_ns or buckets, or they are out of order")
        }
        var buckets: [[UInt64]] = []
        var total: Int64 = 0
        for row in rows {
            guard let cells = row.arrayValue, cells.count == 3, let lower = cells[0].integerValue,
                let width = cells[1].integerValue,
                let n = cells[2].integerValue, lower >= 0, n >= 1,
                LatencyHistogram.bucket(of: UInt64(lower), significantBits: bits) == (UInt64(lower), UInt64(width)),
                buckets.last.map({ $0[0] < UInt64(lower) }) ?? true
            else {
                throw DeskError(
                    "\(place): histogram bucket \(row.canonicalString()) is not a [lower_ns, width_ns, count] bucket of the "
                        + "\(LatencyHistogram.schemeName) scheme in increasing order")
            }
            buckets.append([UInt64(lower), UInt64(width), UInt64(n)])
            total += n
        }
        guard total == count, let first = buckets.first, let last = buckets.last,
            UInt64(low) >= first[0], UInt64(low) < first[0] + first[1], UInt64(high) >= last[0],
            UInt64(high) < last[0] + last[1]
        else {
            throw DeskError(
                "\(place): the histogram's buckets hold \(total) latencies, it says \(count), or its min_ns/max_ns fall outside its first/last bucket"
            )
        }
        return LatencyHistogram(
            significantBits: bits, count: Int(count), minNs: UInt64(low), maxNs: UInt64(high), buckets: buckets)
    }
}
