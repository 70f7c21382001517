import Foundation

extension ScenarioResult {
    /// One line for people: queries, duration, latency percentiles, early-stopping estimate,
    /// deadline misses, server rate, throughput, drift, repeats, early stop, validity. The one
    /// formatter of a scenario result (the run's log and the command line's summary use it).
    public var summary: String {
        let s = self
        var parts = ["\(s.queries) queries", String(format: "%.1f s", s.durationS)]
        if let latency = s.latency {
            parts.append(
                String(format: "p50 %.4f ms, p90 %.4f ms, p99 %.4f ms", latency.p50Ms, latency.p90Ms, latency.p99Ms))
        }
        if let es = s.earlyStopping {
            let value = es.estimateNs.map { String(format: "%.4f ms", Double($0) / 1e6) } ?? "n/a"
            parts.append(String(format: "early-stopping p%.0f ", es.percentile * 100) + value)
        }
        if let misses = s.deadlineMissPercent, let budget = s.frameBudgetMs {
            parts.append(String(format: "%.2f%% over the %.0f ms frame budget", misses, budget))
        }
        if let server = s.server {
            parts.append(
                "max QPS at p99 <= \(server.latencyBoundMs) ms: \(server.maxQps.map { String(format: "%.1f", $0) } ?? "none")"
            )
        } else if s.scenario == .offline, let sps = s.throughputSps {
            parts.append(String(format: "%d samples, %.1f samples/s", s.samples, sps))
            if s.queries > 1, let busy = s.busyFraction {
                parts.append(String(format: "%d queries back to back, busy %.1f%%", s.queries, busy * 100))
            }
        }
        if let drift = s.sustained {
            parts.append(String(format: "p90 drift %+.1f%% over %.0f s", drift.driftPercent, drift.durationS))
        }
        if s.repeatP90Ms.count > 1 {
            parts.append(
                "repeats p90 " + s.repeatP90Ms.map { String(format: "%.4f", $0) }.joined(separator: "/") + " ms")
        }
        if s.stoppedWhenProven, let t = s.timeToValidS {
            parts.append(
                String(format: "valid after %.1f s (early stopping proved p90 <= %.4g ms)", t, s.proofBoundMs ?? 0))
        }
        if !s.valid { parts.append("INVALID: " + s.validityNotes.joined(separator: "; ")) }
        return parts.joined(separator: ", ")
    }
}
