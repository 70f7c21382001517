/// One timed scenario of one workload, measured on the device. `ScenarioPlan` picks the
/// measurement for a scenario; `CertificationRun` runs them all alike.
protocol ScenarioMeasurement: Sendable {
    /// Measures `loaded` with the client, seeds and progress of `context`.
    func measure(_ loaded: LoadedWorkload, in context: ScenarioContext) throws(HarnessError) -> ScenarioOutcome
}
