/// SingleStream as certification measures it: the timed run with the in-run audits inside it
/// (sampled outputs, novel inputs), then the repeats and the continuous run of `SingleStreamExtras`.
struct SingleStreamMeasurement: ScenarioMeasurement {
    func measure(_ loaded: LoadedWorkload, in context: ScenarioContext) throws(HarnessError) -> ScenarioOutcome {
        let mode = context.mode
        let workload = loaded.workload
        let rules = WindowFloor.singleStream(mode.singleStream, to: context.windowFloor)
        var run = StreamRun.singleStream(rules, seed: context.seed(.singleStream))
        run.sustained = mode.sustained
        if rules.stopWhenProven, let bound = context.targets.latencyBoundsMs[workload.id] {
            run.stopWhenProvenBoundNs = UInt64(bound * 1e6)
        }
        var (result, evidence) = try run.measure(loaded, client: context.client, inRun: context.inRun) { count in
            context.logger.debug("workload \(workload.id): single-stream \(count) queries")
            context.progress(count)
        }
        // Every workload gets a continuous run when the mode has sustained rules (not only those a
        // sustained clause covers): the sustained-load audit holds the judged figure against it.
        try SingleStreamExtras(mode: mode, context: context).complete(&result, loaded: loaded, needsSustained: true)
        return ScenarioOutcome(result: result, evidence: evidence)
    }
}
