import Logging

/// What certification adds around a SingleStream run: repeats that must replicate (MLPerf Mobile:
/// five runs within 5%), and a continuous run long enough for the sustained clause when the main
/// run stopped early or was short.
struct SingleStreamExtras {
    let mode: ModeRules
    let context: ScenarioContext

    func complete(_ result: inout ScenarioResult, loaded: LoadedWorkload, needsSustained: Bool) throws(HarnessError) {
        let rules = mode.singleStream
        let logger = context.logger
        if rules.repeats > 1 {
            var estimates = [result.earlyStopping?.estimateNs.map { Double($0) / 1e6 }].compactMap { $0 }
            for repeatIndex in 1..<rules.repeats {
                var run = StreamRun.singleStream(rules, seed: context.seed(.singleStream, index: repeatIndex))
                run.stopWhenProvenBoundNs = result.proofBoundMs.map { UInt64($0 * 1e6) }
                let again = try run.measure(loaded, client: context.client)
                if let estimate = again.earlyStopping?.estimateNs { estimates.append(Double(estimate) / 1e6) }
                logger.info(
                    "workload \(loaded.workload.id): single-stream repeat \(repeatIndex + 1) of \(rules.repeats)")
            }
            result.repeatP90Ms = estimates
            if let low = estimates.min(), let high = estimates.max(), low > 0,
                (high - low) / low > rules.replicateTolerance
            {
                result.valid = false
                result.validityNotes.append(
                    "the \(rules.repeats) runs did not replicate: p90 from \(low) to \(high) ms, more than \(Int(rules.replicateTolerance * 100))% apart"
                )
            }
        }
        guard needsSustained, let sustained = mode.sustained, result.sustained?.valid != true else { return }
        logger.info(
            "workload \(loaded.workload.id): continuous run of \(Int(sustained.minDurationS)) s for the sustained clause"
        )
        var run = StreamRun(
            scenario: .singleStream, samplesPerQuery: 1, minQueries: rules.minQueries,
            minDurationS: sustained.minDurationS,
            maxDurationS: max(sustained.minDurationS * 1.5, sustained.minDurationS + 10),
            seed: context.seed(.sustained),
            percentile: EarlyStopping.singleStream.percentile, frameBudgetMs: nil)
        run.sustained = sustained
        result.sustained = try run.measure(loaded, client: context.client).sustained
    }
}
