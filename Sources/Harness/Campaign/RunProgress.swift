/// Where a certification run is: the workload, the step (`quality`, a scenario such as
/// `single-stream`, `audits`) and the queries the device has answered in that step so far.
public struct RunProgress: Sendable, Equatable {
    /// The workload's id.
    public let workload: String
    /// The step: `quality`, a scenario's name, `audits`, `generate`.
    public let step: String
    /// Queries the device has answered in this step so far.
    public let queries: Int

    /// Progress of `workload` at `step` after `queries` answers.
    public init(workload: String, step: String, queries: Int) {
        self.workload = workload
        self.step = step
        self.queries = queries
    }
}
