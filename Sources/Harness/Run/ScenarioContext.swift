import Logging

/// What every scenario measurement of one workload shares: the agent, the run's seeds, the mode's
/// rules and the standards' targets, and where progress goes.
struct ScenarioContext {
    let client: AgentClient
    let seeds: RunSeeds
    /// Position of the workload in the suite (part of every seed's derivation).
    let workloadIndex: Int
    let mode: ModeRules
    let targets: ClauseTargets
    let logger: Logger
    /// The SingleStream's in-run audit plan; nil when the mode runs no audits.
    let inRun: InRunPlan?
    /// The shortest scenario window the instruments need, seconds (a meter's minimum sample count
    /// at its interval): every scenario's window lasts at least this long (``WindowFloor``).
    var windowFloor: Double = 0
    /// Told the query count as a scenario advances.
    let progress: (Int) -> Void

    /// The seed for `purpose` of this workload (RunSeeds is the one place seeds are derived).
    func seed(_ purpose: RunSeeds.Purpose, index: Int = 0) -> UInt64 {
        seeds.seed(purpose, workload: workloadIndex, index: index)
    }
}
