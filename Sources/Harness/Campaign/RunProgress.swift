/// Where a certification run is: the workload, the step (`quality`, a scenario such as
/// `single-stream`, `audits`) and the queries the device has answered in that step so far.
public struct RunProgress: Sendable, Equatable {
    public let workload: String
    public let step: String
    public let queries: Int

    public init(workload: String, step: String, queries: Int) {
        self.workload = workload
        self.step = step
        self.queries = queries
    }
}
