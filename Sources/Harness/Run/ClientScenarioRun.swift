/// A scenario run that needs nothing of the context but the agent (Offline, MultiStream, Server,
/// always-on): its `ScenarioMeasurement` conformance comes from here.
protocol ClientScenarioRun: ScenarioMeasurement {
    func measure(_ loaded: LoadedWorkload, client: AgentClient) throws(HarnessError) -> ScenarioResult
}

extension ClientScenarioRun {
    func measure(_ loaded: LoadedWorkload, in context: ScenarioContext) throws(HarnessError) -> ScenarioOutcome {
        ScenarioOutcome(result: try measure(loaded, client: context.client))
    }
}
