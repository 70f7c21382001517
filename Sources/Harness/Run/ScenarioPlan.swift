/// Which measurement runs a scenario of a workload under a mode's rules; a scenario the mode (or the
/// workload) has no rules for is refused with a sentence.
enum ScenarioPlan {
    static func measurement(
        for scenario: Scenario, workload: Workload, in context: ScenarioContext
    ) throws(HarnessError) -> any ScenarioMeasurement {
        let mode = context.mode
        switch scenario {
        case .singleStream:
            return SingleStreamMeasurement()
        case .multiStream:
            guard let rules = mode.multiStream else {
                throw HarnessError(.invalidInput, "mode \(mode.name) has no multi_stream rules")
            }
            return StreamRun.multiStream(
                WindowFloor.multiStream(rules, to: context.windowFloor), seed: context.seed(.multiStream),
                frameBudgetMs: workload.frameBudgetMs)
        case .offline:
            return OfflineRun(
                rules: WindowFloor.offline(mode.offline, to: context.windowFloor), seed: context.seed(.offline))
        case .alwaysOn:
            guard let period = workload.alwaysOnPeriodMs else {
                throw HarnessError(.invalidInput, "\(workload.id) has no always_on_period_ms")
            }
            return AlwaysOnRun(
                periodMs: period, durationS: max(mode.energy?.standbyS ?? 10, context.windowFloor),
                seed: context.seed(.alwaysOn))
        case .server:
            guard let rules = mode.server, let bound = workload.serverLatencyBoundMs else {
                throw HarnessError(
                    .invalidInput, "mode \(mode.name) has no server rules, or \(workload.id) no latency bound")
            }
            return ServerRun(
                rules: WindowFloor.server(rules, to: context.windowFloor), seed: context.seed(.server),
                latencyBoundMs: bound)
        }
    }
}
