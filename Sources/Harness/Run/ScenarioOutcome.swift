/// What a scenario measurement returns: the result for the report, and (SingleStream) the
/// evidence the in-run audits judge.
struct ScenarioOutcome: Sendable {
    var result: ScenarioResult
    var evidence: InRunEvidence? = nil
}
