import Attestation
import Desk
import Foundation
import Testing

@testable import Harness

/// Step 8's percentile half on MultiStream and LLM evidence (the real-report fixture has
/// SingleStream only; `RegulatorVerifierTests.forgedPercentiles` covers it on signed reports).
/// The evidence is built by the harness's own types, as a report carries it.
@Suite("Early-stopping estimates re-derived from per-query evidence")
struct PercentileRederivationTests {
    /// Latencies of a noisy device: 2 ms ± jitter with a slow tail (an honest run that must pass).
    static func latencies(_ count: Int, seed: UInt64) -> [UInt64] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let jitter = (state >> 33) % 400_000
            return 2_000_000 + jitter + ((state >> 20) % 50 == 0 ? 3_000_000 : 0)
        }
    }

    static func json(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try JSONValue(data: try encoder.encode(value))
    }

    /// A predicate with one MultiStream result and one LLM generation, and the scorer figures from them.
    static func predicate(streamQueries: Int = 3_000, generations: Int = 400) throws -> JSONValue {
        let stream = latencies(streamQueries, seed: 7)
        let multi = EarlyStopping.multiStream.estimate(latenciesNs: stream)
        let ttfts = latencies(generations, seed: 11)
        let ttft = EarlyStopping.timeToFirstToken.estimate(latenciesNs: ttfts)
        let histogram = try LatencyHistogram(latenciesNs: stream).map { try Self.json($0) } ?? .null
        let scenario: JSONValue = .object([
            "scenario": .string("multi-stream"), "queries": .integer(Int64(streamQueries)),
            "early_stopping": try json(multi), "latency_histogram": histogram,
        ])
        let generation: JSONValue = .object([
            "timed": .array(ttfts.map { .object(["ttft_ns": .integer(Int64($0)), "prompt": .integer(0)]) }),
            "ttft": try json(ttft),
        ])
        func figure(_ metric: String, _ value: Double?) -> JSONValue {
            .object([
                "metric": .string(metric), "workload_id": .string("w"), "value": value.map(JSONValue.number) ?? .null,
                "valid": .bool(value != nil), "unit": .string("ms"), "evidence": .string(""),
            ])
        }
        return .object([
            "workloads": .array([
                .object(["id": .string("w"), "scenarios": .array([scenario]), "generation": generation])
            ]),
            "scoring_input": .object([
                "measurements": .array([
                    figure("multi_stream.p99_latency", multi.estimateNs.map { Double($0) / 1e6 }),
                    figure("llm.ttft_p90", ttft.estimateNs.map { Double($0) / 1e9 }),
                ])
            ]),
        ])
    }

    /// Each (name, forged predicate, phrase the refusal must contain) is refused with that phrase.
    static func expectRefused(_ cases: [(String, JSONValue, String)], honest: JSONValue) {
        for (name, predicate, phrase) in cases {
            #expect(predicate != honest, "\(name): the edit changed nothing")
            do {
                _ = try PercentileRederivation().check(predicate)
                Issue.record("\(name): accepted")
            } catch {
                #expect(error.reason.contains(phrase), "\(name): \(error.reason)")
            }
        }
    }

    /// Edits `path` (member names and array indices) of `value`.
    static func edit(_ value: JSONValue, _ path: [Any], _ change: (inout JSONValue) -> Void) -> JSONValue {
        guard let head = path.first else {
            var copy = value
            change(&copy)
            return copy
        }
        let rest = Array(path.dropFirst())
        switch (value, head) {
        case (.object(var members), let key as String):
            members[key] = edit(members[key] ?? .null, rest, change)
            return .object(members)
        case (.array(var elements), let index as Int):
            elements[index] = edit(elements[index], rest, change)
            return .array(elements)
        default:
            return value
        }
    }

    @Test("honest MultiStream p99 and TTFT p90 re-derive; too-short runs state no estimate and pass")
    func honest() throws {
        #expect(try PercentileRederivation().check(try Self.predicate()) == 2)
        // 30 queries allow no p99 at c = 0.99: valid false, no estimate, no figure for the scorer.
        let short = try Self.predicate(streamQueries: 30, generations: 5)
        #expect(short["workloads"]?[0]?["scenarios"]?[0]?["early_stopping"]?["valid"] == .bool(false))
        #expect(try PercentileRederivation().check(short) == 2)
    }

    @Test("forged figures, as a lab that read the verifier would write them, are refused with the reason")
    func forged() throws {
        let honest = try Self.predicate()
        let scenario: [Any] = ["workloads", 0, "scenarios", 0]
        let estimate = honest["workloads"]?[0]?["scenarios"]?[0]?["early_stopping"]?["estimate_ns"]?.integerValue ?? 0
        let over = honest["workloads"]?[0]?["scenarios"]?[0]?["early_stopping"]?["over_bound"]?.integerValue ?? 0
        let lower = Double(estimate / 2) / 1e6
        var cases: [(String, JSONValue, String)] = []
        // The p99 halved in both places the desk compares: the histogram disagrees.
        var halved = Self.edit(honest, scenario + ["early_stopping", "estimate_ns"]) { $0 = .integer(estimate / 2) }
        halved = Self.edit(halved, ["scoring_input", "measurements", 0, "value"]) { $0 = .number(lower) }
        cases.append(("estimate halved", halved, "by the report's own evidence"))
        // Only the scorer's figure lowered.
        cases.append(
            (
                "scorer figure lowered",
                Self.edit(honest, ["scoring_input", "measurements", 0, "value"]) { $0 = .number(lower) },
                "re-derived from the report's evidence"
            ))
        // More queries allowed over the bound (a lower rank), estimate moved into that bucket.
        cases.append(
            (
                "t inflated",
                Self.edit(honest, scenario + ["early_stopping", "over_bound"]) { $0 = .integer(over * 3) },
                "allow t ="
            ))
        // A looser confidence, which would allow a lower estimate.
        cases.append(
            (
                "confidence 0.5", Self.edit(honest, scenario + ["early_stopping", "confidence"]) { $0 = .number(0.5) },
                "confidence"
            ))
        // A coarser histogram, in whose wide buckets any figure fits.
        cases.append(
            (
                "coarse histogram",
                Self.edit(honest, scenario + ["latency_histogram", "significant_bits"]) { $0 = .integer(2) },
                "significant bits"
            ))
        // The slow tail dropped from the histogram only.
        cases.append(
            (
                "tail bucket dropped",
                Self.edit(honest, scenario + ["latency_histogram", "buckets"]) {
                    $0 = .array(Array(($0.arrayValue ?? []).dropLast()))
                }, "histogram"
            ))
        // Evidence removed, figure kept.
        cases.append(
            (
                "histogram removed", Self.edit(honest, scenario + ["latency_histogram"]) { $0 = .null },
                "no latency_histogram"
            ))
        cases.append(
            (
                "estimate and histogram removed",
                Self.edit(honest, scenario) { $0 = .object(["scenario": .string("multi-stream")]) },
                "carries no early-stopping estimate"
            ))
        // A bucket that is not of the scheme (lower edge off the grid).
        cases.append(
            (
                "bucket off the grid",
                Self.edit(honest, scenario + ["latency_histogram", "buckets", 0, 0]) {
                    $0 = .integer(($0.integerValue ?? 0) + 1)
                }, "scheme"
            ))
        // TTFT: one generation's time lowered (exact evidence).
        let ttftEstimate = honest["workloads"]?[0]?["generation"]?["ttft"]?["estimate_ns"]?.integerValue ?? 0
        cases.append(
            (
                "ttft estimate lowered",
                Self.edit(honest, ["workloads", 0, "generation", "ttft", "estimate_ns"]) {
                    $0 = .integer(ttftEstimate - 1)
                }, "is \(ttftEstimate) ns"
            ))
        cases.append(
            (
                "ttft figure without evidence", Self.edit(honest, ["workloads", 0, "generation"]) { $0 = .null },
                "llm.ttft_p90"
            ))
        Self.expectRefused(cases, honest: honest)
    }

    /// A Server search over three rates, as ServerRun writes it, and the scorer figure from it.
    static func serverPredicate() throws -> JSONValue {
        let bound = 7.0
        var steps: [ServerSearch.Step] = []
        var best: Double?
        for (index, rate) in [400.0, 200.0, 300.0].enumerated() {
            // Queueing grows with the rate: the slowest rate meets the bound, the fastest does not.
            let latencies = latencies(1_500, seed: UInt64(20 + index)).map { $0 + UInt64(rate - 200) * 10_000 }
            let estimate = EarlyStopping.server.estimate(latenciesNs: latencies)
            let p99 = estimate.estimateNs.map { Double($0) / 1e6 }
            let meets = estimate.valid && (p99 ?? .infinity) <= bound
            var step = ServerSearch.Step(
                targetQps: rate, queries: latencies.count, p99Ms: p99, valid: estimate.valid, meetsBound: meets)
            step.latencyHistogram = LatencyHistogram(latenciesNs: latencies)
            steps.append(step)
            if meets { best = max(best ?? 0, rate) }
        }
        let search = ServerSearch(latencyBoundMs: bound, steps: steps, maxQps: best)
        return .object([
            "workloads": .array([
                .object([
                    "id": .string("w"),
                    "scenarios": .array([
                        .object(["scenario": .string("server"), "queries": .integer(4_500), "server": try json(search)])
                    ]),
                ])
            ]),
            "scoring_input": .object([
                "measurements": .array([
                    .object([
                        "metric": .string("server.max_qps"), "workload_id": .string("w"),
                        "value": best.map(JSONValue.number) ?? .null,
                        "valid": .bool(best != nil), "unit": .string("qps"), "evidence": .string(""),
                    ])
                ])
            ]),
        ])
    }

    @Test(
        "Server: every tested rate's p99 re-derives from its histogram, and the highest rate that met the bound is the scorer's; forged rates refused"
    )
    func server() throws {
        let honest = try Self.serverPredicate()
        let search: [Any] = ["workloads", 0, "scenarios", 0, "server"]
        let steps = honest["workloads"]?[0]?["scenarios"]?[0]?["server"]?["steps"]?.arrayValue ?? []
        #expect(
            steps.map { $0["meets_bound"] } == [.bool(false), .bool(true), .bool(true)],
            "the fixture needs a failing and a passing rate")
        #expect(try PercentileRederivation().check(honest) == 3)
        let failing = try #require(steps.firstIndex { $0["meets_bound"] == .bool(false) })
        var cases: [(String, JSONValue, String)] = []
        // The failing rate's p99 lowered under the bound, marked as meeting it, and the maximum raised.
        var raised = Self.edit(honest, search + ["steps", failing, "p99_ms"]) { $0 = .number(2.0) }
        raised = Self.edit(raised, search + ["steps", failing, "meets_bound"]) { $0 = .bool(true) }
        raised = Self.edit(raised, search + ["max_qps"]) { $0 = .number(400) }
        raised = Self.edit(raised, ["scoring_input", "measurements", 0, "value"]) { $0 = .number(400) }
        cases.append(("failing rate's p99 lowered", raised, "by the report's own evidence"))
        cases.append(
            (
                "meets_bound flipped",
                Self.edit(honest, search + ["steps", failing, "meets_bound"]) { $0 = .bool(true) }, "bound"
            ))
        cases.append(
            ("max_qps raised", Self.edit(honest, search + ["max_qps"]) { $0 = .number(400) }, "highest tested rate"))
        cases.append(
            (
                "scorer figure raised",
                Self.edit(honest, ["scoring_input", "measurements", 0, "value"]) { $0 = .number(400) },
                "re-derived from the report's evidence"
            ))
        cases.append(
            (
                "histogram removed", Self.edit(honest, search + ["steps", 0, "latency_histogram"]) { $0 = .null },
                "no latency_histogram"
            ))
        Self.expectRefused(cases, honest: honest)
    }
}
